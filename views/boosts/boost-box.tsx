import { expiryRefusal, stackBoost } from '../../src/boosts/boosts.js';
import { durationText } from '../../src/boosts/plans.js';
import type { BoostRow, PlanRow } from '../../src/boosts/queries.js';
import { clock } from '../../src/lib/clock.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';
import { IdempotencyField } from '../components/idempotency.js';
import { Time } from '../components/time.js';

/** What the full box shows: the plans on sale, the seller's spendable balance, this listing's boosts. */
export interface BoostBoxData {
  plans: PlanRow[];
  available: number;
  currency: string;
  boosts: BoostRow[];
  /** the listing's expiry: no promotion runs past it */
  expiresAt: Date | null;
}

function Promotion(props: { until: Date | null | undefined }) {
  const live = props.until && new Date(props.until).getTime() > clock.nowMs();
  return (
    <p class="promotion" data-promoted={live ? 'true' : 'false'}>
      {live ? (
        <>
          <strong>Promoted</strong> until <Time at={props.until!} />. Buying another boost extends it.
        </>
      ) : (
        'Not promoted right now. A boost shows this listing first in search and its category, marked “Promoted”.'
      )}
    </p>
  );
}

function PlanChoice(props: { plan: PlanRow; currency: string; checked: boolean; affordable: boolean; fits: boolean }) {
  const p = props.plan;
  const id = `boost-plan-${p.id}`;
  return (
    <div class="field">
      <input type="radio" id={id} name="plan_id" value={String(p.id)} checked={props.checked} />
      <label for={id}>
        <span safe>{p.name}</span> — <span safe>{durationText(p.duration_hours)}</span>, <strong safe>{formatMoney(p.price, props.currency)}</strong>
        <span class="meta">
          {' '}
          (ranking weight {p.weight}
          {props.affordable ? '' : '; more than your balance'}
          {props.fits ? '' : '; runs past the listing’s expiry, renew it first'})
        </span>
      </label>
    </div>
  );
}

/**
 * The seller's "promote this listing" box on their listing page. Stable id `boost-box-<id>`.
 * Without `data` it shows the promotion state and a link to the full box (its own page);
 * with htmx it loads the full box in place.
 */
export function BoostBox(props: { listingId: number; csrf: string; promotedUntil?: Date | null; data?: BoostBoxData; error?: string; values?: Record<string, string> }) {
  const id = `boost-box-${props.listingId}`;
  const d = props.data;
  if (!d) {
    return (
      <section id={id} class="card boost-box" aria-labelledby={`${id}-title`} hx-get={paths.sellerListingBoost(props.listingId)} hx-trigger="load" hx-swap="outerHTML">
        <h2 id={`${id}-title`}>Promote this listing</h2>
        <Promotion until={props.promotedUntil} />
        <p>
          <a href={paths.sellerListingBoost(props.listingId)}>See boost plans and prices</a>
        </p>
      </section>
    );
  }
  const until = props.promotedUntil;
  const chosen = props.values?.plan_id ?? (d.plans[0] ? String(d.plans[0].id) : '');
  return (
    <section id={id} class="card boost-box" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Promote this listing</h2>
      <Promotion until={until} />
      {d.expiresAt ? (
        <p class="meta listing-expiry">
          This listing expires <Time at={d.expiresAt} />: a promotion runs until then at the latest.
        </p>
      ) : (
        ''
      )}
      {d.plans.length === 0 ? (
        <p class="empty">No boost plans are on offer right now.</p>
      ) : (
        <form
          id={`${id}-form`}
          method="post"
          action={paths.listingBoosts(props.listingId)}
          hx-post={paths.listingBoosts(props.listingId)}
          hx-target={`#${id}`}
          hx-swap="outerHTML"
          novalidate
        >
          <FormError message={props.error} />
          <Csrf token={props.csrf} />
          <IdempotencyField />
          <fieldset>
            <legend>Choose a plan</legend>
            {d.plans.map((p) => (
              <PlanChoice
                plan={p}
                currency={d.currency}
                checked={String(p.id) === chosen}
                affordable={p.price <= d.available}
                fits={!expiryRefusal(stackBoost(clock.now(), until ?? null, [], p), d.expiresAt, p)}
              />
            ))}
          </fieldset>
          <p class="meta">
            Paid from your wallet: <span class="available" data-amount={String(d.available)} safe>{formatMoney(d.available, d.currency)}</span> available.{' '}
            <a href={paths.wallet()}>Top up</a>
          </p>
          <button type="submit">Buy boost</button>
        </form>
      )}
      {d.boosts.length ? (
        <table class="cards boost-history">
          <caption>Boosts bought for this listing</caption>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Price</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {d.boosts.map((b) => (
              <tr data-boost-id={String(b.id)}>
                <td data-label="Plan" safe>{b.plan_name}</td>
                <td data-label="Price" safe>{formatMoney(b.price, b.currency)}</td>
                <td data-label="From">
                  <Time at={b.starts_at} />
                </td>
                <td data-label="Until">
                  <Time at={b.ends_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
    </section>
  );
}

/** The box on a page of its own (no script needed), with the way back to the listing. */
export function BoostPage(props: { listingId: number; title: string; csrf: string; promotedUntil: Date | null; data: BoostBoxData; error?: string; values?: Record<string, string> }) {
  return (
    <section class="narrow">
      <h1>
        Promote “<span safe>{props.title}</span>”
      </h1>
      <p>
        <a href={paths.sellerListing(props.listingId)}>Back to the listing</a>
      </p>
      <BoostBox listingId={props.listingId} csrf={props.csrf} promotedUntil={props.promotedUntil} data={props.data} error={props.error} values={props.values} />
    </section>
  );
}
