import type { CategoryRow } from '../../src/catalog/queries.js';
import { SCOPES, type CommissionRuleView, type RuleScope } from '../../src/commissions/queries.js';
import { appliesTo, kindPlural, termsText } from '../../src/commissions/rules.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney } from '../../src/lib/money.js';
import { KINDS } from '../../src/listings/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError, Select } from '../components/field.js';
import { Time } from '../components/time.js';

export interface RuleFormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

const SCOPE_LABELS: Record<RuleScope, string> = {
  seller: 'One seller',
  category: 'A category and its subcategories',
  kind: 'A kind of listing',
  all: 'Everything',
};


/** Categories in tree order, indented by depth; retired ones are left out. */
function categoryOptions(categories: CategoryRow[]) {
  const children = new Map<number | null, CategoryRow[]>();
  for (const c of categories) children.set(c.parent_id, [...(children.get(c.parent_id) ?? []), c]);
  const out: { value: string; label: string }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (c.retired_at) continue;
      out.push({ value: String(c.id), label: `${'— '.repeat(depth)}${c.name}` });
      if (depth < 50) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function RuleFields(props: { categories: CategoryRow[]; state?: RuleFormState }) {
  const v = props.state?.values ?? {};
  const e = props.state?.errors ?? {};
  return (
    <>
      <FormError message={e.form} />
      <Select
        label="Applies to"
        name="scope"
        value={v.scope ?? 'seller'}
        error={e.scope}
        hint="A seller’s rule beats a category’s, a category’s beats a kind’s, and a kind’s beats the rule for everything."
        options={SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))}
      />
      <Field label="Seller (for one seller)" name="seller" value={v.seller} error={e.seller} maxlength={254} hint="The seller’s email or shop name." />
      <Select label="Category (for a category)" name="category_id" value={v.category_id} error={e.category_id} placeholder="Choose a category…" options={categoryOptions(props.categories)} />
      <Select label="Kind (for a kind of listing)" name="kind" value={v.kind} error={e.kind} placeholder="Choose a kind…" options={KINDS.map((k) => ({ value: k, label: kindPlural(k) }))} />
      <Field label="Rate, in percent" name="rate" value={v.rate} error={e.rate} required maxlength={8} inputmode="decimal" hint="e.g. 12.5 for 12.5 % of each sale." />
      <div class="inline-form">
        <Field label="Minimum (optional)" name="min_amount" value={v.min_amount} error={e.min_amount} maxlength={16} inputmode="decimal" hint="e.g. 0.50" />
        <Field label="Cap (optional)" name="cap_amount" value={v.cap_amount} error={e.cap_amount} maxlength={16} inputmode="decimal" hint="e.g. 50.00" />
      </div>
      <Field label="Priority (optional)" name="priority" value={v.priority} error={e.priority} maxlength={5} inputmode="numeric" hint="Between rules of the same kind, the higher priority wins; then the newest." />
      <Field label="Note (optional)" name="note" value={v.note} error={e.note} maxlength={200} hint="Why this rule exists, for other admins." />
    </>
  );
}

function RuleRow(props: { rule: CommissionRuleView; csrf: string }) {
  const r = props.rule;
  const what = appliesTo(r);
  return (
    <tr id={`commission-rule-${r.id}`} data-scope={r.scope}>
      <td data-label="Applies to" safe>{what}</td>
      <td data-label="Rate" safe>{termsText({ rateBp: r.rate_bp, minAmount: null, capAmount: null })}</td>
      <td data-label="Minimum" safe>{r.min_amount === null ? '—' : formatMoney(r.min_amount)}</td>
      <td data-label="Cap" safe>{r.cap_amount === null ? '—' : formatMoney(r.cap_amount)}</td>
      <td data-label="Priority">{r.priority}</td>
      <td data-label="Note" safe>{r.note}</td>
      <td data-label="Created">
        <Time at={r.created_at} />
        {r.created_by_name ? (
          <>
            {' by '}
            <span safe>{r.created_by_name}</span>
          </>
        ) : (
          ''
        )}
      </td>
      <td data-label="Actions">
        <form method="post" action={paths.adminCommissionRetirement(r.id)} class="inline-form">
          <Csrf token={props.csrf} />
          <button type="submit" class="danger" aria-label={`Retire the rule for ${what}`}>
            Retire
          </button>
        </form>
      </td>
    </tr>
  );
}

export function CommissionRulesPage(props: { rules: CommissionRuleView[]; categories: CategoryRow[]; csrf: string; state?: RuleFormState }) {
  return (
    <section>
      <h1>Commissions</h1>
      <p>What Souk keeps from each sale. The most specific active rule decides; orders keep the terms they were placed with.</p>
      <table class="cards" id="commission-rules">
        <thead>
          <tr>
            <th scope="col">Applies to</th>
            <th scope="col">Rate</th>
            <th scope="col">Minimum</th>
            <th scope="col">Cap</th>
            <th scope="col">Priority</th>
            <th scope="col">Note</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.rules.map((r) => (
            <RuleRow rule={r} csrf={props.csrf} />
          ))}
        </tbody>
      </table>
      {props.rules.length === 0 ? <p class="empty">No active rules: every sale is charged 10 %.</p> : ''}
      <form id="commission-rule-form" method="post" action={paths.adminCommissions()} class="card narrow" novalidate>
        <h2>New rule</h2>
        <Csrf token={props.csrf} />
        <RuleFields categories={props.categories} state={props.state} />
        <button type="submit">Create rule</button>
      </form>
    </section>
  );
}
