import type { WebhookHandlers } from '../payments/webhook-types.js';

/** Gateway webhook events the refunds domain reacts to, by Stripe event type. */
export const refundsWebhookHandlers: WebhookHandlers = {};
