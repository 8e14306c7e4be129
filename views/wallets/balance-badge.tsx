import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';

/** The header's available balance; re-fetches itself on the user's `wallet` signal and when the live stream (re)opens. */
export function WalletBalance(props: { available: number; currency: string }) {
  const text = formatMoney(props.available, props.currency);
  return (
    <a
      id="wallet-balance"
      class="wallet-balance"
      href={paths.wallet()}
      hx-get={paths.walletBalance()}
      hx-trigger="sse:wallet, htmx:sseOpen from:closest [sse-connect]"
      hx-swap="outerHTML"
      aria-label={`Wallet: ${text} available`}
      data-available={String(props.available)}
      safe
    >
      {text}
    </a>
  );
}
