import type { Knex } from 'knex';

/** A verified gateway event in Stripe's shape (`evt_…`, `type`, `data.object`). */
export interface GatewayEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> & { id: string; metadata?: Record<string, string> } };
}

/**
 * Applies one verified webhook event inside the transaction that also marks the event
 * processed (a failure rolls both back; the gateway retries). Must be idempotent and
 * order-tolerant: the same event may arrive several times and events about one object
 * may arrive in any order.
 */
export type WebhookHandler = (trx: Knex.Transaction, event: GatewayEvent) => Promise<void>;

export type WebhookHandlers = Record<string, WebhookHandler>;
