/**
 * The seller order state machine: the one table of allowed transitions. Every
 * change is a conditional UPDATE (`where status in from`), so two requests racing
 * for one order cannot both move it.
 */
export type SellerOrderStatus = 'awaiting_payment' | 'paid' | 'accepted' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'disputed' | 'refunded';
export type Fulfilment = 'ship' | 'digital' | 'service';

export const SELLER_ORDER_STATUSES: readonly SellerOrderStatus[] = ['awaiting_payment', 'paid', 'accepted', 'shipped', 'delivered', 'completed', 'cancelled', 'disputed', 'refunded'];

export const orderTransitions = {
  /** the buyer's payment arrived: the money is held in escrow */
  pay: { from: ['awaiting_payment'], to: 'paid' },
  /** the seller takes the order (or, for a service, the booking) */
  accept: { from: ['paid'], to: 'accepted' },
  ship: { from: ['paid', 'accepted'], to: 'shipped' },
  /** delivered by the carrier; a download is delivered at payment */
  deliver: { from: ['paid', 'shipped'], to: 'delivered' },
  /** the buyer confirms receipt (or the service), a first download, or the escrow period ends: the seller is paid */
  complete: { from: ['accepted', 'shipped', 'delivered'], to: 'completed' },
  /** before shipping, by the buyer, the seller, a declined booking or the shipping deadline */
  cancel: { from: ['awaiting_payment', 'paid', 'accepted'], to: 'cancelled' },
  /** from delivery until escrow releases; pauses the release */
  dispute: { from: ['shipped', 'delivered', 'accepted'], to: 'disputed' },
  /** a dispute decided for the seller (or withdrawn), or a partial refund: the rest is paid out */
  settle: { from: ['disputed'], to: 'completed' },
  /** all of the money went back to the buyer */
  refund: { from: ['disputed', 'paid', 'accepted', 'shipped', 'delivered'], to: 'refunded' },
} as const satisfies Record<string, { from: readonly SellerOrderStatus[]; to: SellerOrderStatus }>;

export type OrderAction = keyof typeof orderTransitions;

export function canMove(action: OrderAction, status: SellerOrderStatus): boolean {
  return (orderTransitions[action].from as readonly SellerOrderStatus[]).includes(status);
}

/** Which fulfilment each action makes sense for (the state table alone allows more). */
export const actionFits: Record<OrderAction, readonly Fulfilment[]> = {
  pay: ['ship', 'digital', 'service'],
  accept: ['ship', 'service'],
  ship: ['ship'],
  deliver: ['ship', 'digital'],
  complete: ['ship', 'digital', 'service'],
  cancel: ['ship', 'digital', 'service'],
  dispute: ['ship', 'digital', 'service'],
  settle: ['ship', 'digital', 'service'],
  refund: ['ship', 'digital', 'service'],
};

export const statusLabels: Record<SellerOrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  accepted: 'Accepted',
  shipped: 'Shipped',
  delivered: 'Delivered',
  completed: 'Completed',
  cancelled: 'Cancelled',
  disputed: 'In dispute',
  refunded: 'Refunded',
};

/** Why an action is not possible now, in words for the person who tried. */
export function orderRefusal(action: OrderAction, status: SellerOrderStatus): string {
  const now = statusLabels[status].toLowerCase();
  switch (action) {
    case 'cancel':
      return status === 'cancelled' ? 'This order is already cancelled.' : `It can no longer be cancelled: it is ${now}.`;
    case 'ship':
      return status === 'shipped' ? 'This order is already marked as shipped.' : `It can't be shipped while it is ${now}.`;
    case 'accept':
      return status === 'accepted' ? 'This order is already accepted.' : `It can't be accepted while it is ${now}.`;
    case 'complete':
      return status === 'completed' ? 'This order is already completed.' : `It can't be completed while it is ${now}.`;
    case 'dispute':
      return status === 'disputed' ? 'A dispute is already open on this order.' : `A dispute can't be opened while it is ${now}.`;
    default:
      return `That is not possible while the order is ${now}.`;
  }
}

/** The inbox tabs a seller sorts their orders by. */
export const inboxTabs = {
  new: ['paid'],
  to_ship: ['accepted'],
  shipped: ['shipped', 'delivered'],
  completed: ['completed'],
  problems: ['disputed', 'cancelled', 'refunded'],
} as const satisfies Record<string, readonly SellerOrderStatus[]>;
export type InboxTab = keyof typeof inboxTabs;
