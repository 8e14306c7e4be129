import type { MoneyMoved } from '../../src/orders/money-moved.js';
import { AmountEntry } from '../components/amount.js';
import { Time } from '../components/time.js';

const LABELS = {
  seller: { received: 'You received', commission: 'Souk’s commission', returned: 'Returned to the buyer' },
  buyer: { received: 'Paid to the seller', commission: 'Souk’s commission', returned: 'Returned to you' },
} as const;

/**
 * The escrow of one seller order from the ledger (stable id `escrow-money-<id>`):
 * what is held, or once the hold was captured or released, each amount that
 * moved. Nothing before the order is paid.
 */
export function EscrowMoney(props: { sellerOrderId: number; money: MoneyMoved | undefined; currency: string; viewer: 'buyer' | 'seller' }) {
  const m = props.money;
  if (!m) return '';
  const id = `escrow-money-${props.sellerOrderId}`;
  if (m.state === 'held') {
    return (
      <dl id={id} class="money escrow-money" data-state="held">
        <AmountEntry label="Held in escrow" class="held" amount={m.held} currency={props.currency} />
      </dl>
    );
  }
  const labels = LABELS[props.viewer];
  const row = (cls: string, label: string, amount: number) => <AmountEntry label={label} class={cls} amount={amount} currency={props.currency} />;
  return (
    <dl id={id} class="money escrow-money" data-state={m.state}>
      {m.state === 'captured' ? row('received', labels.received, m.sellerReceived) : ''}
      {m.commission > 0 ? row('commission', labels.commission, m.commission) : ''}
      {m.returnedToBuyer > 0 || m.state === 'released' ? row('returned', labels.returned, m.returnedToBuyer) : ''}
      <dt>Settled</dt>
      <dd>
        <Time at={m.at} />
      </dd>
    </dl>
  );
}
