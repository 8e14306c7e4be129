import type { FieldErrors } from '../../src/http/validate.js';
import type { ImageView } from '../../src/media/queries.js';
import { FLAG_REASONS, type FlagReason } from '../../src/moderation/flags.js';
import type { FlagRow, ReviewRow, VariantRow } from '../../src/moderation/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { asset } from '../../src/http/assets.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';
import { activeClaim, age, priceText, RejectFields, Shortcuts } from './parts.js';

export interface ReviewData {
  listing: ReviewRow;
  variants: VariantRow[];
  images: ImageView[];
  flags: FlagRow[];
  history: { approved: number; rejected: number; hidden: number; listings: number };
  audit: { action: string; actor_name: string | null; reason: string | null; created_at: Date }[];
}

export interface ReviewState {
  form: 'reject' | 'extend';
  values: Record<string, string>;
  errors: FieldErrors;
}

function ClaimStatus(props: { l: ReviewRow; now: Date; viewerId: number; csrf: string }) {
  const l = props.l;
  if (l.status !== 'pending' || l.deleted_at) return '';
  const claimed = activeClaim(l, props.now);
  if (claimed && l.claimed_by !== props.viewerId) {
    return (
      <p id="claim-status" class="notice" data-claim="other" role="status">
        Another admin is reviewing this (<span safe>{l.claimer_name ?? 'another admin'}</span>, until <Time at={l.claimed_until} />
        ). <a href={paths.adminModeration()}>Back to the queue</a>
      </p>
    );
  }
  if (claimed) {
    return (
      <div id="claim-status" class="notice" data-claim="mine">
        <p>
          You are reviewing this until <Time at={l.claimed_until} />.
        </p>
        <form method="post" action={paths.adminModerationClaim(l.id)} class="inline" id="release-form">
          <Csrf token={props.csrf} />
          <input type="hidden" name="_method" value="DELETE" />
          <button type="submit" class="link-button">
            Release it back to the queue
          </button>
        </form>
      </div>
    );
  }
  return (
    <form id="claim-status" method="post" action={paths.adminModerationClaim(l.id)} data-claim="none" class="notice">
      <Csrf token={props.csrf} />
      <p>Nobody is reviewing this listing.</p>
      <button type="submit">Claim and review</button>
    </form>
  );
}

function Decisions(props: { l: ReviewRow; csrf: string; state?: ReviewState }) {
  const l = props.l;
  const st = props.state?.form === 'reject' ? props.state : undefined;
  return (
    <section id="decision" aria-labelledby="decision-heading" class="card">
      <h2 id="decision-heading">Decision</h2>
      <form id="approve-form" method="post" action={paths.adminModerationApproval(l.id)}>
        <Csrf token={props.csrf} />
        <button type="submit" class="approve">
          Approve <kbd>a</kbd>
        </button>
      </form>
      <form id="reject-form" method="post" action={paths.adminModerationRejection(l.id)} novalidate>
        <Csrf token={props.csrf} />
        <RejectFields idPrefix="review" values={st?.values} errors={st?.errors} />
        <button type="submit" class="danger">
          Reject
        </button>
      </form>
    </section>
  );
}

function Extension(props: { l: ReviewRow; csrf: string; state?: ReviewState }) {
  const st = props.state?.form === 'extend' ? props.state : undefined;
  const e = st?.errors ?? {};
  const v = st?.values ?? {};
  return (
    <section id="extension" class="card" aria-labelledby="extension-heading">
      <h2 id="extension-heading">Extend this listing</h2>
      <p>
        Runs until <Time at={props.l.expires_at} />.
      </p>
      <form method="post" action={paths.adminListingExtension(props.l.id)} id="extension-form" novalidate>
        <Csrf token={props.csrf} />
        <div class={e.days ? 'field field-invalid' : 'field'}>
          <label for="extend-days">Days to add</label>
          <input id="extend-days" name="days" type="number" min="1" max="365" value={v.days ?? '7'} aria-invalid={e.days ? 'true' : undefined} aria-describedby={e.days ? 'extend-days-error' : undefined} />
          {e.days ? (
            <p class="error" id="extend-days-error" safe>
              {e.days}
            </p>
          ) : (
            ''
          )}
        </div>
        <div class={e.reason ? 'field field-invalid' : 'field'}>
          <label for="extend-reason">Reason (kept in the audit log and sent to the seller)</label>
          <input id="extend-reason" name="reason" maxlength={1000} value={v.reason ?? ''} aria-invalid={e.reason ? 'true' : undefined} aria-describedby={e.reason ? 'extend-reason-error' : undefined} />
          {e.reason ? (
            <p class="error" id="extend-reason-error" safe>
              {e.reason}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit">Extend</button>
      </form>
    </section>
  );
}

function Details(props: { d: ReviewData }) {
  const l = props.d.listing;
  const attrs = Object.entries(l.attributes ?? {});
  return (
    <section id="listing-details" class="card" aria-labelledby="details-heading">
      <h2 id="details-heading">The listing</h2>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{l.kind}</dd>
        <dt>Category</dt>
        <dd safe>{l.category_name}</dd>
        <dt>Price</dt>
        <dd class="price" safe>
          {priceText(l)}
        </dd>
        {l.kind === 'auction' ? (
          <>
            <dt>Reserve / buy now</dt>
            <dd safe>{`${l.reserve_price == null ? '—' : formatMoney(l.reserve_price, l.currency)} / ${l.buy_now_price == null ? '—' : formatMoney(l.buy_now_price, l.currency)}`}</dd>
          </>
        ) : (
          ''
        )}
        {l.stock != null ? (
          <>
            <dt>Stock</dt>
            <dd>{l.stock}</dd>
          </>
        ) : (
          ''
        )}
        {l.condition ? (
          <>
            <dt>Condition</dt>
            <dd>{l.condition}</dd>
          </>
        ) : (
          ''
        )}
        {l.city ? (
          <>
            <dt>City</dt>
            <dd safe>{l.city}</dd>
          </>
        ) : (
          ''
        )}
        {attrs.map(([k, v]) => (
          <>
            <dt safe>{k}</dt>
            <dd safe>{Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}</dd>
          </>
        ))}
      </dl>
      {props.d.variants.length ? (
        <table class="cards" id="variants">
          <caption>Variants</caption>
          <thead>
            <tr>
              <th scope="col">Options</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {props.d.variants.map((v) => (
              <tr>
                <td data-label="Options" safe>{Object.entries(v.options).map(([k, o]) => `${k}: ${o}`).join(', ')}</td>
                <td data-label="SKU" safe>{v.sku}</td>
                <td data-label="Price" safe>{formatMoney(v.price, l.currency)}</td>
                <td data-label="Stock">{v.stock}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
      {props.d.images.length ? (
        <ul class="thumbs" id="images">
          {props.d.images.map((img) => (
            <li>
              <a href={img.url}>
                <img src={img.thumbUrl} alt={img.alt || `Photo ${img.position + 1}`} width="120" loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint" id="images">
          No photos.
        </p>
      )}
      <h3>Description</h3>
      <div class="description" safe>
        {l.description}
      </div>
    </section>
  );
}

export function ReviewPage(props: { d: ReviewData; now: Date; viewerId: number; csrf: string; state?: ReviewState }) {
  const { d, now } = props;
  const l = d.listing;
  const mine = l.status === 'pending' && activeClaim(l, now) && l.claimed_by === props.viewerId;
  const free = l.status === 'pending' && !activeClaim(l, now);
  return (
    <article class="moderation review" id={`review-${l.id}`} data-status={l.status} data-page="moderation-review">
      <p>
        <a href={paths.adminModeration()} id="back-to-queue">
          ← Back to the queue
        </a>
      </p>
      <h1 safe>{l.title}</h1>
      <p class="meta">
        <span id="listing-status" data-status={l.status}>
          <span>{l.deleted_at ? 'deleted' : l.status}</span>
          {l.hidden_at ? ' (hidden after reports)' : ''}
        </span>
        {l.submitted_at ? <span safe>{` · submitted ${age(l.submitted_at, now)} ago`}</span> : ''}
        {l.rejection_reason ? (
          <>
            {' · rejected: '}
            <span class="rejection-reason" safe>
              {l.rejection_reason}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      <ClaimStatus l={l} now={now} viewerId={props.viewerId} csrf={props.csrf} />
      {l.status === 'pending' && !l.deleted_at ? (
        <Shortcuts
          keys={[
            ['a', 'approve'],
            ['r', 'go to the rejection reason'],
            ['u', 'release the item back to the queue'],
            ['b', 'back to the queue'],
            ['?', 'show these shortcuts'],
          ]}
        />
      ) : (
        ''
      )}
      {mine || (free && props.state?.form === 'reject') ? <Decisions l={l} csrf={props.csrf} state={props.state} /> : ''}
      {l.status === 'active' && !l.deleted_at ? <Extension l={l} csrf={props.csrf} state={props.state} /> : ''}

      <section id="risk" class="card" aria-labelledby="risk-heading">
        <h2 id="risk-heading">
          Risk <span class={`risk-score${l.risk_score >= 50 ? ' high' : ''}`} data-score={String(l.risk_score)}>{l.risk_score}</span> / 100
        </h2>
        {l.risk_reasons.length ? (
          <ul class="risk-reasons">
            {l.risk_reasons.map((r) => (
              <li safe>{r}</li>
            ))}
          </ul>
        ) : (
          <p class="hint">Nothing unusual.</p>
        )}
      </section>

      <section id="flags" class="card" aria-labelledby="flags-heading">
        <h2 id="flags-heading">Reports ({d.flags.filter((f) => !f.resolved_at).length} open)</h2>
        {d.flags.length ? (
          <ul class="flag-list">
            {d.flags.map((f) => (
              <li class={f.resolved_at ? 'flag resolved' : 'flag'} data-reason={f.reason}>
                <strong safe>{FLAG_REASONS[f.reason as FlagReason] ?? f.reason}</strong>
                {' by '}
                <span safe>{f.reporter_name}</span>
                {', '}
                <Time at={f.created_at} />
                {f.resolved_at ? ' (resolved)' : ''}
                {f.note ? (
                  <p class="flag-note" safe>
                    {f.note}
                  </p>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="hint">No reports.</p>
        )}
      </section>

      <Details d={d} />

      <section id="seller" class="card" aria-labelledby="seller-heading">
        <h2 id="seller-heading">Seller</h2>
        <p>
          <strong safe>{l.shop_name ?? l.seller_name}</strong> (<span safe>{l.seller_name}</span>, <span safe>{l.seller_email}</span>)
        </p>
        <ul id="seller-history">
          <li safe>{`Account age: ${age(l.seller_since, now)}`}</li>
          <li data-approved={String(d.history.approved)}>Listings approved: {d.history.approved}</li>
          <li data-rejected={String(d.history.rejected)}>Listings rejected: {d.history.rejected}</li>
          <li>Listings hidden after reports: {d.history.hidden}</li>
          <li>Listings in total: {d.history.listings}</li>
        </ul>
      </section>

      <section id="history" class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Moderation history</h2>
        {d.audit.length ? (
          <ul>
            {d.audit.map((a) => (
              <li>
                <Time at={a.created_at} /> <span safe>{a.actor_name ?? 'system'}</span> — <span safe>{a.action}</span>
                {a.reason ? (
                  <>
                    {': '}
                    <span safe>{a.reason}</span>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="hint">No decisions yet.</p>
        )}
      </section>
      <script src={asset('moderation.js')} defer></script>
    </article>
  );
}
