import type { WebhookHandlers } from '../payments/webhook-types.js';

/** Gateway webhook events the payouts domain reacts to, by Stripe event type. */
export const payoutsWebhookHandlers: WebhookHandlers = {};
