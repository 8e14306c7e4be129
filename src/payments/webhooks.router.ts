import express, { type Router } from 'express';
import Stripe from 'stripe';
import type { Deps } from '../deps.js';
import { checkGatewayConfig, webhookSecrets } from './gateway.js';
import { noteWebOrigin } from './local-events.js';
import { isGatewayEvent, processEvent } from './webhooks.js';

/** Stripe's default: a signature older than five minutes is refused (replay protection). */
const TOLERANCE_SECONDS = 300;

/**
 * Gateway webhooks. Mounted before the session, CSRF and body parsers: the signature is
 * checked over the raw body, and the sender is the gateway, not a browser.
 */
export function webhooksRouter(deps: Deps): Router {
  // the web process refuses to start with PAYMENTS=stripe and no keys
  checkGatewayConfig(deps.config);
  const router = express.Router();

  router.post('/stripe', express.raw({ type: 'application/json', limit: '512kb' }), async (req, res) => {
    const refuse = (why: string) => res.status(400).json({ error: why });
    const header = req.get('stripe-signature');
    if (!header || !Buffer.isBuffer(req.body) || req.body.length === 0) return refuse('missing signature or body');
    let event: unknown = null;
    for (const secret of await webhookSecrets(deps.config, deps.db)) {
      try {
        event = Stripe.webhooks.constructEvent(req.body, header, secret, TOLERANCE_SECONDS);
        break;
      } catch (err) {
        // a signature mismatch with one endpoint secret may match the next; anything else is a bad payload
        if (!(err instanceof Stripe.errors.StripeSignatureVerificationError)) return refuse('malformed payload');
      }
    }
    if (!event) return refuse('invalid signature');
    if (!isGatewayEvent(event)) return refuse('malformed event');
    void noteWebOrigin(req, deps.config, deps.redis).catch(() => {});
    try {
      const outcome = await processEvent(deps.db, event);
      res.status(200).json({ received: true, duplicate: outcome === 'duplicate' });
    } catch (err) {
      // the event stays unprocessed: the gateway retries it
      req.log?.error({ err, event: event.id, type: event.type }, 'webhook processing failed');
      res.status(500).json({ error: 'processing failed, retry later' });
    }
  });

  return router;
}
