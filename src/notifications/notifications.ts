import type { Knex } from 'knex';
import { emit, type OutboxEvent } from '../outbox/outbox.js';
import { paths } from '../paths.js';
import { insertOnce, type NotificationRow } from './queries.js';
import type { Draft, Drafts } from './draft.js';
import { listingsDrafts } from '../listings/drafts.js';
import { mediaDrafts } from '../media/drafts.js';
import { moderationDrafts } from '../moderation/drafts.js';
import { storefrontDrafts } from '../storefront/drafts.js';
import { walletsDrafts } from '../wallets/drafts.js';
import { paymentsDrafts } from '../payments/drafts.js';
import { payoutsDrafts } from '../payouts/drafts.js';
import { refundsDrafts } from '../refunds/drafts.js';
import { financeDrafts } from '../finance/drafts.js';
import { boostsDrafts } from '../boosts/drafts.js';
import { ordersDrafts } from '../orders/drafts.js';
import { disputesDrafts } from '../disputes/drafts.js';



type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const domainDrafts: Drafts = {
  ...listingsDrafts,
  ...mediaDrafts,
  ...moderationDrafts,
  ...storefrontDrafts,
  ...walletsDrafts,
  ...paymentsDrafts,
  ...payoutsDrafts,
  ...refundsDrafts,
  ...financeDrafts,
  ...boostsDrafts,
  ...ordersDrafts,
  ...disputesDrafts,
};

/** What each account event tells whom. Pure: the same event always gives the same notifications. */
export function accountDrafts(event: OutboxEvent): Draft[] {
  const p = event.payload as P;
  const userId = Number(p.userId);
  switch (event.topic) {
    case 'seller_application.decided':
      return p.status === 'approved'
        ? [{ userId, kind: 'seller.approved', title: `Your shop “${str(p.shopName)}” is approved`, body: 'You can now sell on Souk.', link: paths.sellerApplication() }]
        : [{ userId, kind: 'seller.rejected', title: 'Your seller application was not approved', body: str(p.reason), link: paths.sellerApplication() }];
    case 'user.blocked':
      return [
        {
          userId,
          kind: 'account.blocked',
          title: 'Your account was blocked',
          body: `${str(p.reason)}${p.until ? ` (until ${new Date(str(p.until)).toUTCString()})` : ''}`,
          link: null,
        },
      ];
    case 'user.unblocked':
      return [{ userId, kind: 'account.unblocked', title: 'Your account is active again', body: str(p.reason), link: null }];
    default:
      return [];
  }
}

/** What each domain event tells whom. */
export async function draftsFor(event: OutboxEvent, db: Knex): Promise<Draft[]> {
  const domain = domainDrafts[event.topic];
  return domain ? domain(event, db) : accountDrafts(event);
}

/**
 * Turns a domain event into in-app notifications. Safe to run any number of times
 * for the same event: each notification exists once, and only a new one is announced.
 */
export async function notifyFromEvent(db: Knex, event: OutboxEvent): Promise<NotificationRow[]> {
  const drafts = await draftsFor(event, db);
  if (drafts.length === 0) return [];
  return db.transaction(async (trx) => {
    const created: NotificationRow[] = [];
    for (const d of drafts) {
      const row = await insertOnce(trx, { user_id: d.userId, kind: d.kind, title: d.title, body: d.body, link: d.link, source_event_id: event.id });
      if (row) {
        created.push(row);
        await emit(trx, 'notification.created', { userId: d.userId, notificationId: row.id });
      }
    }
    return created;
  });
}
