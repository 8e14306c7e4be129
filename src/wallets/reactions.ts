import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';

const signal = (p: Record<string, unknown>) => [{ stream: streams.user(Number(p.userId)), event: 'wallet', data: 'changed' }];

/**
 * What the wallets domain's events cause: a signal on the owner's stream, so every open
 * tab of that user re-fetches its balances and top-ups (authorized again on that request).
 */
export const walletsReactions: Reactions = {
  'wallet.changed': { live: signal },
  'topup.changed': { live: signal },
};
