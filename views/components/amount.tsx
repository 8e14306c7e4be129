import { formatMoney } from '../../src/lib/money.js';

/**
 * One amount of a `<dl>`: its label, then the amount formatted in its currency
 * with the minor units in `data-amount` (what tests and scripts read). `text`
 * says it in words instead ("Free"); `strong` stresses a grand total.
 */
export function AmountEntry(props: { label: string; amount: number; currency: string; id?: string; class?: string; text?: string; strong?: boolean }) {
  const shown = props.text ?? formatMoney(props.amount, props.currency);
  return (
    <>
      <dt safe>{props.label}</dt>
      {props.strong ? (
        <dd id={props.id} class={props.class} data-amount={String(props.amount)}>
          <strong safe>{shown}</strong>
        </dd>
      ) : (
        <dd id={props.id} class={props.class} data-amount={String(props.amount)} safe>
          {shown}
        </dd>
      )}
    </>
  );
}
