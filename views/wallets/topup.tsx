import type { TopupRow } from '../../src/wallets/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';

/** What the gateway says about a pending top-up, shown while its webhook is on the way (nothing moves on it). */
export interface GatewayPeek {
  paid: boolean;
  failure: string | null;
}

const label: Record<TopupRow['status'], string> = { pending: 'Pending', succeeded: 'Added to your wallet', failed: 'Failed' };

/** One top-up's status; re-fetches itself when the wallet changes, so it turns from pending to done live. */
export function TopupStatus(props: { topup: TopupRow; peek?: GatewayPeek | null }) {
  const t = props.topup;
  const amount = formatMoney(t.amount, t.currency);
  return (
    <section
      id="topup-status"
      class={`card topup topup-${t.status}`}
      data-status={t.status}
      aria-live="polite"
      hx-get={paths.walletTopup(t.reference)}
      hx-trigger="sse:wallet, htmx:sseOpen from:body"
      hx-swap="outerHTML"
    >
      <h2>
        Top-up of <span safe>{amount}</span>: <span class="status" safe>{label[t.status]}</span>
      </h2>
      {t.status === 'succeeded' ? (
        <p id="topup-message" safe>{`${amount} is now in your available balance.`}</p>
      ) : t.status === 'failed' ? (
        <p id="topup-message" class="error" role="alert" safe>
          {`${t.failure_message ?? 'The payment failed.'} Nothing was charged and your balance is unchanged.`}
        </p>
      ) : props.peek?.failure ? (
        <p id="topup-message" class="error" role="alert" safe>
          {`${props.peek.failure} Nothing was charged and your balance is unchanged.`}
        </p>
      ) : props.peek?.paid ? (
        <p id="topup-message">Payment received. Adding it to your wallet — this page updates by itself.</p>
      ) : (
        <p id="topup-message">Waiting for the payment to be confirmed. This page updates by itself.</p>
      )}
      <p class="meta">
        Started <Time at={t.created_at} />
      </p>
    </section>
  );
}

export function TopupPage(props: { topup: TopupRow; peek?: GatewayPeek | null }) {
  return (
    <section>
      <p>
        <a href={paths.wallet()}>← Wallet</a>
      </p>
      <h1>Top-up</h1>
      <TopupStatus topup={props.topup} peek={props.peek} />
    </section>
  );
}

/** The latest top-ups on the wallet page (pending ones included: they are not in the ledger yet). */
export function RecentTopups(props: { topups: TopupRow[] }) {
  if (!props.topups.length) return '';
  return (
    <section id="recent-topups" aria-labelledby="recent-topups-title" hx-get={paths.wallet()} hx-select="#recent-topups" hx-trigger="sse:wallet, htmx:sseOpen from:body" hx-swap="outerHTML">
      <h2 id="recent-topups-title">Recent top-ups</h2>
      <ul>
        {props.topups.map((t) => (
          <li data-status={t.status} id={`topup-${t.reference}`}>
            <a href={paths.walletTopup(t.reference)} safe>
              {formatMoney(t.amount, t.currency)}
            </a>{' '}
            <span class="status" safe>
              {label[t.status]}
            </span>{' '}
            <Time at={t.created_at} />
          </li>
        ))}
      </ul>
    </section>
  );
}
