import { durationText } from '../../src/boosts/plans.js';
import type { PlanRow } from '../../src/boosts/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

export interface PlanFormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

/** Form values for an existing plan: whole days when the duration divides. */
export function planValues(p: PlanRow): Record<string, string> {
  const days = p.duration_hours % 24 === 0;
  return { name: p.name, duration: String(days ? p.duration_hours / 24 : p.duration_hours), unit: days ? 'days' : 'hours', price: toDecimal(p.price), weight: String(p.weight) };
}

function PlanFields(props: { state?: PlanFormState }) {
  const v = props.state?.values ?? {};
  const e = props.state?.errors ?? {};
  const unit = v.unit ?? 'days';
  return (
    <>
      <FormError message={e.form} />
      <Field label="Name" name="name" value={v.name} error={e.name} required maxlength={60} hint="What sellers see, e.g. “Week in the spotlight”." />
      <div class="inline-form">
        <Field label="Duration" name="duration" value={v.duration} error={e.duration} required maxlength={4} />
        <div class={e.unit ? 'field field-invalid' : 'field'}>
          <label for="f-unit">Unit</label>
          <select id="f-unit" name="unit" aria-invalid={e.unit ? 'true' : undefined}>
            <option value="hours" selected={unit === 'hours'}>
              hours
            </option>
            <option value="days" selected={unit === 'days'}>
              days
            </option>
          </select>
          {e.unit ? (
            <p class="error" safe>
              {e.unit}
            </p>
          ) : (
            ''
          )}
        </div>
      </div>
      <Field label="Price" name="price" value={v.price} error={e.price} required maxlength={16} hint="Paid from the seller’s wallet." />
      <Field label="Ranking weight (1–100)" name="weight" value={v.weight} error={e.weight} required maxlength={3} hint="Among promoted listings, a higher weight ranks first." />
    </>
  );
}

export function PlansPage(props: { plans: PlanRow[]; csrf: string; state?: PlanFormState }) {
  return (
    <section>
      <h1>Boost plans</h1>
      <table class="cards" id="boost-plans">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Duration</th>
            <th scope="col">Price</th>
            <th scope="col">Weight</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.plans.map((p) => (
            <tr id={`plan-${p.id}`} data-retired={p.retired_at ? 'true' : 'false'}>
              <td data-label="Name" safe>{p.name}</td>
              <td data-label="Duration" safe>{durationText(p.duration_hours)}</td>
              <td data-label="Price" safe>{formatMoney(p.price)}</td>
              <td data-label="Weight">{p.weight}</td>
              <td data-label="State">{p.retired_at ? 'Retired' : 'On sale'}</td>
              <td data-label="Actions">
                {p.retired_at ? (
                  ''
                ) : (
                  <a href={paths.adminBoostPlan(p.id)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.plans.length === 0 ? <p class="empty">No plans yet. Sellers see the box without plans until you add one.</p> : ''}
      <form id="plan-form" method="post" action={paths.adminBoostPlans()} class="card narrow" novalidate>
        <h2>New plan</h2>
        <Csrf token={props.csrf} />
        <PlanFields state={props.state} />
        <button type="submit">Create plan</button>
      </form>
    </section>
  );
}

export function PlanPage(props: { plan: PlanRow; csrf: string; state?: PlanFormState }) {
  const p = props.plan;
  return (
    <section class="narrow">
      <h1>
        Boost plan “<span safe>{p.name}</span>”
      </h1>
      <p>
        <a href={paths.adminBoostPlans()}>All plans</a>
      </p>
      <p>Changes apply to boosts bought from now on; boosts already bought keep their terms.</p>
      <form id="plan-form" method="post" action={paths.adminBoostPlan(p.id)} class="card" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="PATCH" />
        <PlanFields state={props.state ?? { values: planValues(p), errors: {} }} />
        <button type="submit">Save plan</button>
      </form>
      <form id="plan-retire-form" method="post" action={paths.adminBoostPlanRetirement(p.id)} class="card">
        <Csrf token={props.csrf} />
        <p>Retiring takes the plan off sale. Running boosts bought with it run to their end.</p>
        <button type="submit" class="danger">
          Retire plan
        </button>
      </form>
    </section>
  );
}
