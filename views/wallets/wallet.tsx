import type { HistoryRow } from '../../src/ledger/ledger.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { ACCOUNTS, KINDS, type HistoryFilter } from '../../src/wallets/history.js';
import type { TopupRow } from '../../src/wallets/queries.js';
import { TOPUP_MAX, TOPUP_MIN } from '../../src/wallets/topups.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { Pager } from '../components/pager.js';
import { Time } from '../components/time.js';
import { BalancesPanel, type Balances } from './balances.js';
import { RecentTopups } from './topup.js';

export interface TopupFormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

export interface HistoryView {
  rows: HistoryRow[];
  next: number | null;
  filter: HistoryFilter;
  values: Record<string, string>;
  errors: FieldErrors;
}

function TopupForm(props: { csrf: string; state?: TopupFormState; currency: string }) {
  const e = props.state?.errors ?? {};
  const v = props.state?.values ?? {};
  return (
    <section id="topup" aria-labelledby="topup-title">
      <h2 id="topup-title">Add money</h2>
      <form method="post" action={paths.walletTopups()} id="topup-form" novalidate>
        <Csrf token={props.csrf} />
        <IdempotencyField />
        <FormError message={e.form} />
        <Field
          label={`Amount (${props.currency})`}
          name="amount"
          value={v.amount}
          error={e.amount}
          required
          maxlength={16}
          hint={`From ${formatMoney(TOPUP_MIN, props.currency)} to ${formatMoney(TOPUP_MAX, props.currency)}. You pay by card on the next page.`}
        />
        <button type="submit">Continue to payment</button>
      </form>
    </section>
  );
}

const queryOf = (f: HistoryFilter, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams();
  for (const k of ['account', 'kind', 'from', 'to'] as const) if (f[k]) q.set(k, String(f[k]));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

function Select(props: { name: string; label: string; value?: string; error?: string; options: { value: string; label: string }[] }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
        <option value="">Any</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value} safe>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <p class="error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

function DateField(props: { name: string; label: string; value?: string; error?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <input id={id} type="date" name={props.name} value={props.value ?? ''} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined} />
      {props.error ? (
        <p class="error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

function History(props: { h: HistoryView }) {
  const { rows, next, filter, values, errors } = props.h;
  const kinds = Object.entries(KINDS).map(([value, label]) => ({ value, label }));
  if (values.kind && !KINDS[values.kind] && !errors.kind) kinds.push({ value: values.kind, label: values.kind });
  return (
    <section id="wallet-history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <form method="get" action={paths.wallet()} id="history-filter" class="filters">
        <fieldset class="filters">
          <legend>Filter</legend>
          <Select name="account" label="Balance" value={values.account} error={errors.account} options={ACCOUNTS} />
          <Select name="kind" label="Kind" value={values.kind} error={errors.kind} options={kinds} />
          <DateField name="from" label="From (date)" value={values.from} error={errors.from} />
          <DateField name="to" label="To (date, inclusive)" value={values.to} error={errors.to} />
          <button type="submit">Show</button> <a href={paths.wallet()}>Clear</a>
        </fieldset>
      </form>
      <p>
        <a href={`${paths.walletHistoryCsv()}${queryOf(filter)}`} id="history-csv">
          Download as CSV
        </a>
      </p>
      {rows.length ? (
        <table class="cards" id="history-table">
          <caption class="visually-hidden">Wallet movements, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Balance</th>
              <th scope="col">What</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Balance after
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr id={`entry-${r.entry_id}`} data-kind={r.kind} data-account={r.account} data-amount={String(r.amount)}>
                <td data-label="Date">
                  <Time at={r.created_at} />
                </td>
                <td data-label="Balance" safe>{ACCOUNTS.find((a) => a.value === r.account)?.label ?? r.account}</td>
                <td data-label="What" safe>{r.memo ?? KINDS[r.kind] ?? r.kind}</td>
                <td data-label="Amount" class="num" safe>
                  {`${r.amount > 0 ? '+' : ''}${formatMoney(r.amount, r.currency)}`}
                </td>
                <td data-label="Balance after" class="num" safe>
                  {formatMoney(r.balance_after, r.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">No movements{Object.keys(filter).some((k) => k !== 'before') ? ' match this filter' : ' yet'}.</p>
      )}
      <Pager label="History pages" newest={filter.before ? `${paths.wallet()}${queryOf(filter)}` : null} older={next ? `${paths.wallet()}${queryOf(filter, { before: String(next) })}` : null} olderId="history-older" />
    </section>
  );
}

export function WalletPage(props: { csrf: string; balances: Balances; topups: TopupRow[]; history: HistoryView; topup?: TopupFormState }) {
  return (
    <section id="wallet">
      <h1>Your wallet</h1>
      <BalancesPanel balances={props.balances} />
      <TopupForm csrf={props.csrf} state={props.topup} currency={props.balances.currency} />
      <RecentTopups topups={props.topups} />
      <History h={props.history} />
    </section>
  );
}

