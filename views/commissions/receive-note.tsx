import { termsText } from '../../src/commissions/rules.js';
import { formatMoney } from '../../src/lib/money.js';

/** What Souk keeps and what the seller receives; `what` names the thing sold ("this listing", "this order"). */
export function ReceiveNote(props: {
  id?: string;
  what?: string;
  currency: string;
  rule: { rateBp: number; minAmount: number | null; capAmount: number | null };
  amount: number | null;
  sellerReceives: number | null;
}) {
  const terms = termsText(props.rule, props.currency);
  return (
    <p class="notice receive-note" id={props.id}>
      <span class="receive-terms" safe>{`Souk’s commission on ${props.what ?? 'this listing'}: ${terms}.`}</span>
      {props.amount !== null && props.sellerReceives !== null ? (
        <>
          {' '}
          <span class="receive-amount" safe>{`At ${formatMoney(props.amount, props.currency)} you will receive ${formatMoney(props.sellerReceives, props.currency)}.`}</span>
        </>
      ) : (
        ''
      )}
    </p>
  );
}
