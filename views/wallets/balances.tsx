import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';

export interface Balances {
  available: number;
  held: number;
  payout_pending: number;
  currency: string;
}

/** The wallet's three balances; the same partial serves the page, the htmx re-fetch and the live update. */
export function BalancesPanel(props: { balances: Balances }) {
  const b = props.balances;
  const row = (key: 'available' | 'held' | 'payout_pending', label: string, hint: string) => (
    <div class="balance" id={`balance-${key.replace('_', '-')}`} data-amount={String(b[key])}>
      <dt safe>{label}</dt>
      <dd>
        <strong class="amount" safe>
          {formatMoney(b[key], b.currency)}
        </strong>
        <span class="hint" safe>
          {hint}
        </span>
      </dd>
    </div>
  );
  return (
    <section id="wallet-balances" aria-labelledby="balances-title" aria-live="polite" hx-get={paths.walletBalances()} hx-trigger="sse:wallet, htmx:sseOpen from:body" hx-swap="outerHTML">
      <h2 id="balances-title">Balances</h2>
      <dl class="balances">
        {row('available', 'Available', 'Yours to spend or pay out.')}
        {row('held', 'Held', 'Reserved for purchases and bids in progress.')}
        {row('payout_pending', 'Payout pending', 'On its way to your bank.')}
      </dl>
    </section>
  );
}
