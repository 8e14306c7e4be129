import { toDecimal } from '../../src/lib/money.js';
import { KINDS, type ListingKind } from '../../src/listings/queries.js';
import { CONDITIONS, type SearchParams, type Sort } from '../../src/search/params.js';
import type { CategoryOption, FacetView } from '../../src/search/search.js';
import { paths } from '../../src/paths.js';
import { Field, FieldFrame } from '../components/field.js';
import { CompletionList } from './completions.js';
import { Facets } from './facets.js';

/** A kind as buyers look for it (the seller's word is kindTraits' label). */
export const KIND_LABELS: Record<ListingKind, string> = {
  fixed: 'Buy now',
  auction: 'Auction',
  digital: 'Digital download',
  service: 'Service',
  classified: 'Classified ad',
};
const CONDITION_LABELS: Record<(typeof CONDITIONS)[number], string> = { new: 'New', used: 'Used', refurbished: 'Refurbished' };
export const SORT_LABELS: Record<Sort, string> = {
  relevance: 'Best match',
  newest: 'Newest first',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  distance: 'Nearest first',
  ending_soon: 'Auctions ending soonest',
  current_price: 'Current price: low to high',
};

function Select(props: { label: string; name: string; value: string; options: [string, string][]; error?: string; any?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
        {props.any !== undefined ? (
          <option value="" selected={props.value === ''} safe>
            {props.any}
          </option>
        ) : (
          ''
        )}
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value} safe>
            {label}
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

const money = (n: number | null) => (n === null ? '' : toDecimal(n).replace(/\.00$/, ''));

/**
 * The words field: suggestions of queries and categories appear as the buyer types (a datalist
 * the browser presents as a listbox, refilled by htmx after a pause); without scripts it is a
 * plain search field.
 */
function QueryField(props: { value: string; error?: string }) {
  return (
    <div class="search-bar">
      <FieldFrame
        label="Search for"
        name="q"
        error={props.error}
        control={(a) => (
          <input
            id={a.id}
            name="q"
            type="search"
            value={props.value}
            maxlength={200}
            autocomplete="off"
            list="search-completions"
            aria-invalid={a.invalid}
            aria-describedby={a.describedBy}
            hx-get={paths.searchCompletions()}
            hx-trigger="input changed delay:250ms"
            hx-target="#search-completions"
            hx-swap="innerHTML"
            hx-sync="this:replace"
            hx-push-url="false"
            hx-indicator="#search-indicator"
          />
        )}
      />
      <CompletionList />
      <button type="submit">Search</button>
    </div>
  );
}

const FILTER_FIELDS = ['category', 'min', 'max', 'kind', 'condition', 'city', 'lat', 'lng', 'radius', 'sort'];

/**
 * The search form: a plain GET form whose URL is the whole state (shareable,
 * works without JavaScript). With htmx it searches as you type: only the
 * results and facets are swapped, so the field being typed in keeps its focus.
 */
export function SearchForm(props: {
  action: string;
  params: SearchParams;
  sort: Sort;
  messages: Record<string, string>;
  /** the category picker (the search page; a category page is already scoped) */
  categories?: CategoryOption[];
  facets: FacetView[];
}) {
  const { params: p, messages: m } = props;
  return (
    <form
      id="search-form"
      class="search-form"
      method="get"
      action={props.action}
      role="search"
      aria-label="Search listings"
      hx-get={props.action}
      hx-trigger="input changed delay:300ms from:input[name=q], change"
      hx-target="#search-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-sync="this:replace"
      hx-indicator="#search-indicator"
    >
      <QueryField value={p.q} error={m.q} />
      {/* beside the results on wide screens; a panel to open on phones (open when one of its fields needs fixing) */}
      <details id="search-filters" class="search-filters" open={Object.keys(m).some((k) => FILTER_FIELDS.includes(k) || k.startsWith('a.'))}>
        <summary>Filters and sort</summary>
        {props.categories ? (
          <Select
            label="Category"
            name="category"
            value={p.category ?? ''}
            any="All categories"
            error={m.category}
            options={props.categories.map((c) => [c.slug, `${'— '.repeat(c.depth)}${c.name}`])}
          />
        ) : (
          ''
        )}
        <fieldset class="filters">
          <legend>Price (€)</legend>
          <Field label="Lowest" name="min" value={money(p.min)} error={m.min} maxlength={20} />
          <Field label="Highest" name="max" value={money(p.max)} error={m.max} maxlength={20} />
        </fieldset>
        <Select label="Type" name="kind" value={p.kind ?? ''} any="Any type" error={m.kind} options={Object.entries(KIND_LABELS)} />
        <Select label="Condition" name="condition" value={p.condition ?? ''} any="Any condition" error={m.condition} options={Object.entries(CONDITION_LABELS)} />
        <Field label="City" name="city" value={p.city} error={m.city} maxlength={80} autocomplete="address-level2" />
        <fieldset class="filters">
          <legend>Near a place</legend>
          <Field label="Latitude" name="lat" value={p.lat === null ? '' : String(p.lat)} error={m.lat} maxlength={16} hint="e.g. 38.72" />
          <Field label="Longitude" name="lng" value={p.lng === null ? '' : String(p.lng)} error={m.lng} maxlength={16} hint="e.g. -9.14" />
          <Field label="Within (km)" name="radius" value={p.radius === null ? '' : String(p.radius)} error={m.radius} maxlength={8} />
        </fieldset>
        <Facets facets={props.facets} messages={m} />
        <Select label="Sort by" name="sort" value={p.sort ?? ''} any="Best for this search" error={m.sort} options={Object.entries(SORT_LABELS)} />
        <p class="actions">
          <button type="submit">Apply filters</button>
        </p>
      </details>
      <span id="search-indicator" class="htmx-indicator" aria-hidden="true">
        Searching…
      </span>
    </form>
  );
}
