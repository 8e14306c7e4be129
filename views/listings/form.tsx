import { zoneLabel } from '../../src/lib/locale.js';
import type { CategoryRow, SchemaAttribute } from '../../src/catalog/queries.js';
import { ATTR_PREFIX, type FormErrors, type FormValues } from '../../src/listings/form.js';
import { kindTraits } from '../../src/listings/kinds.js';
import { CONDITIONS, KINDS, PRICE_UNITS, type ListingKind, type ListingRow } from '../../src/listings/queries.js';
import { paths } from '../../src/paths.js';
import type { ReceiveQuote } from '../../src/commissions/receive.js';
import { ReceiveNote } from '../commissions/receive-note.js';
import { Csrf, FormError, TextArea } from '../components/field.js';
import { Checkbox, Input, Select } from './fields.js';

export interface ListingFormProps {
  /** the listing being edited; absent for a new one */
  listing?: ListingRow;
  categories: CategoryRow[];
  schema: SchemaAttribute[];
  /** attribute keys the listing's variants span */
  axes: string[];
  hasVariants: boolean;
  values: FormValues;
  errors: FormErrors;
  csrf: string;
  currency: string;
  /** what Souk keeps from a sale at the saved price (kinds sold through Souk only) */
  commission?: ReceiveQuote | null;
}

/** Categories in tree order, with their depth, that take new listings (plus the listing's current one). */
function categoryOptions(categories: CategoryRow[], keep?: number) {
  const children = new Map<number | null, CategoryRow[]>();
  for (const c of categories) children.set(c.parent_id, [...(children.get(c.parent_id) ?? []), c]);
  const out: { value: string; label: string }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (c.retired_at && c.id !== keep) continue;
      out.push({ value: String(c.id), label: `${'— '.repeat(depth)}${c.name}${c.retired_at ? ' (retired)' : ''}` });
      if (depth < 50) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function AttributeField(props: { a: SchemaAttribute; value?: string; error?: string }) {
  const a = props.a;
  const name = ATTR_PREFIX + a.key;
  const label = `${a.label}${a.required ? '' : ' (optional)'}`;
  switch (a.type) {
    case 'boolean':
      return <Checkbox label={a.label} name={name} checked={props.value === 'on' || props.value === 'true'} error={props.error} />;
    case 'enum':
      return (
        <Select
          label={label}
          name={name}
          value={props.value}
          error={props.error}
          placeholder={a.required ? 'Choose…' : '(none)'}
          options={(a.options ?? []).map((o) => ({ value: o, label: o }))}
        />
      );
    case 'number':
      return <Input label={a.unit ? `${label}, in ${a.unit}` : label} name={name} value={props.value} error={props.error} inputmode="decimal" />;
    default:
      return <Input label={label} name={name} value={props.value} error={props.error} maxlength={200} />;
  }
}

/** The category's attributes; re-rendered with the form when the category changes. */
export function AttributeFields(props: { schema: SchemaAttribute[]; axes: string[]; values: FormValues; errors: FormErrors; listingId?: number }) {
  const own = props.schema.filter((a) => !props.axes.includes(a.key));
  const spanned = props.schema.filter((a) => props.axes.includes(a.key));
  return (
    <fieldset id="listing-attributes">
      <legend>Details for this category</legend>
      {props.schema.length === 0 ? <p class="hint">This category asks for no particular details.</p> : ''}
      {own.map((a) => (
        <AttributeField a={a} value={props.values[ATTR_PREFIX + a.key]} error={props.errors[ATTR_PREFIX + a.key]} />
      ))}
      {spanned.length ? (
        <p class="hint">
          Varies by variant: <span safe>{spanned.map((a) => a.label).join(', ')}</span>
          {props.listingId ? (
            <>
              {' '}
              (<a href={paths.listingVariants(props.listingId)}>edit variants</a>)
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
    </fieldset>
  );
}

function KindFields(props: ListingFormProps) {
  const v = props.values;
  const e = props.errors;
  const kind = (KINDS as string[]).includes(v.kind) ? (v.kind as ListingKind) : null;
  if (!kind) return <p class="hint" id="kind-fields">Choose a kind to see its price fields.</p>;
  const has = kindTraits[kind];
  const money = `Amount in ${props.currency}, e.g. 12.50`;
  return (
    <fieldset id="kind-fields" data-kind={kind}>
      <legend safe>{`${has.label}: price${has.stock ? ' and stock' : ''}`}</legend>
      {has.price && !(has.stock && props.hasVariants) ? (
        <Input label={has.contactOnly ? 'Asking price' : has.booking ? 'Price per unit of work' : 'Price'} name="price" value={v.price} error={e.price} hint={money} inputmode="decimal" required />
      ) : (
        ''
      )}
      {has.booking ? (
        <Select label="Priced per" name="price_unit" value={v.price_unit} error={e.price_unit} placeholder="Choose…" options={PRICE_UNITS.map((u) => ({ value: u, label: u }))} required />
      ) : (
        ''
      )}
      {has.stock ? (
        props.hasVariants ? (
          <p class="hint">
            Prices and stock are set per variant.{' '}
            {props.listing ? <a href={paths.listingVariants(props.listing.id)}>Edit variants</a> : ''}
          </p>
        ) : (
          <>
            <Input label="Stock" name="stock" value={v.stock ?? '1'} error={e.stock} hint="How many you can sell." inputmode="numeric" required />
            <input type="hidden" name="stock_was" value={v.stock_was ?? ''} />
            {props.listing ? (
              <p class="hint">
                Sizes or colours? <a href={paths.listingVariants(props.listing.id)}>Sell it in variants</a>, each with its own SKU, price and stock.
              </p>
            ) : (
              <p class="hint">Sizes or colours? Save the draft, then add variants from its page.</p>
            )}
          </>
        )
      ) : (
        ''
      )}
      {has.bids ? (
        <>
          <Input label="Starting price" name="start_price" value={v.start_price} error={e.start_price} hint={money} inputmode="decimal" required />
          <Input label="Reserve price (optional)" name="reserve_price" value={v.reserve_price} error={e.reserve_price} hint="The item is not sold below this." inputmode="decimal" />
          <Input label="Buy-now price (optional)" name="buy_now_price" value={v.buy_now_price} error={e.buy_now_price} hint="A buyer may end the auction at this price." inputmode="decimal" />
          <Select
            label="Buy it now is offered"
            name="auction_buy_now_until"
            value={v.auction_buy_now_until || 'first_bid'}
            error={e.auction_buy_now_until}
            options={[
              { value: 'first_bid', label: 'until the first bid' },
              { value: 'reserve_met', label: 'until bids reach the reserve' },
            ]}
          />
          <Input
            label="Late bids extend the end by (minutes, optional)"
            name="auction_soft_close_minutes"
            value={v.auction_soft_close_minutes}
            error={e.auction_soft_close_minutes}
            hint="A bid in these last minutes that changes the leader moves the end this far ahead, so nobody wins by bidding in the last second. 2 when left empty; 0 never extends."
            inputmode="numeric"
          />
          <Input label={`Bidding opens (${zoneLabel()})`} name="starts_at" type="datetime-local" value={v.starts_at} error={e.starts_at} required />
          <Input label={`Bidding closes (${zoneLabel()})`} name="ends_at" type="datetime-local" value={v.ends_at} error={e.ends_at} required />
        </>
      ) : (
        ''
      )}
      {has.download ? (
        <p class="hint" id="digital-file-note">
          {props.listing?.digital_file_name ? (
            <>
              File: <span safe>{props.listing.digital_file_name}</span>.{' '}
            </>
          ) : (
            ''
          )}
          The file buyers download is uploaded on the listing’s page, under “Images and files”, after you save.
        </p>
      ) : (
        ''
      )}
      {has.contactOnly ? <p class="hint">Buyers contact you; there is no checkout for classified ads.</p> : ''}
      {has.condition ? (
        <Select label="Condition" name="condition" value={v.condition} error={e.condition} placeholder="Choose…" options={CONDITIONS.map((c) => ({ value: c, label: c }))} required />
      ) : (
        ''
      )}
    </fieldset>
  );
}

/**
 * The listing form. Changing the category or kind re-renders it (htmx posts it
 * with `_choose`; without scripts the "Update" button does the same), keeping
 * what was typed.
 */
export function ListingForm(props: ListingFormProps) {
  const v = props.values;
  const e = props.errors;
  const l = props.listing;
  const action = l ? paths.sellerListing(l.id) : paths.sellerListings();
  const reload = { 'hx-post': action, 'hx-trigger': 'change', 'hx-sync': 'closest form:replace', 'hx-target': '#listing-form', 'hx-swap': 'outerHTML', 'hx-vals': JSON.stringify({ _choose: '1' }) };
  return (
    <form id="listing-form" method="post" action={action} novalidate>
      <Csrf token={props.csrf} />
      {l ? <input type="hidden" name="_method" value="PATCH" /> : ''}
      {/* Enter in a text field submits with the form's first button: make that one Save, not the category reload */}
      <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">
        {l ? 'Save changes' : 'Save draft'}
      </button>
      <FormError message={e.form} />
      <fieldset>
        <legend>What you are listing</legend>
        <Select label="Category" name="category_id" value={v.category_id} error={e.category_id} placeholder="Choose a category…" options={categoryOptions(props.categories, l?.category_id)} required hx={reload} />
        <Select label="Kind" name="kind" value={v.kind} error={e.kind} placeholder="Choose…" options={KINDS.map((k) => ({ value: k, label: kindTraits[k].label }))} required hx={reload} />
        <button type="submit" name="_choose" value="1" formnovalidate class="secondary" id="choose-button">
          Update the form for this category and kind
        </button>
      </fieldset>
      <fieldset>
        <legend>Title and description</legend>
        <Input label="Title" name="title" value={v.title} error={e.title} required maxlength={120} />
        <TextArea label="Description" name="description" value={v.description} error={e.description} maxlength={10000} rows={8} hint="At least 20 characters before you submit it for review." />
      </fieldset>
      <KindFields {...props} />
      {v.category_id ? <AttributeFields schema={props.schema} axes={props.axes} values={v} errors={e} listingId={l?.id} /> : ''}
      <fieldset>
        <legend>Where</legend>
        <Input label="City (optional)" name="city" value={v.city} error={e.city} maxlength={80} />
        <Input label="Latitude (optional)" name="lat" value={v.lat} error={e.lat} inputmode="decimal" hint="Both or neither, e.g. 38.7223" />
        <Input label="Longitude (optional)" name="lng" value={v.lng} error={e.lng} inputmode="decimal" hint="e.g. -9.1393" />
      </fieldset>
      <fieldset>
        <legend>Address and search engines</legend>
        <Input label="Address (slug)" name="slug" value={v.slug} error={e.slug} maxlength={80} hint="Made from the title when left empty; lowercase letters, digits and dashes." />
        <Input label="Search engine title (optional)" name="seo_title" value={v.seo_title} error={e.seo_title} maxlength={70} hint="At most 70 characters." />
        <TextArea label="Search engine description (optional)" name="seo_description" value={v.seo_description} error={e.seo_description} maxlength={160} rows={2} hint="At most 160 characters." />
      </fieldset>
      <div class="actions">
        <button type="submit">{l ? 'Save changes' : 'Save draft'}</button>
        <a href={l ? paths.sellerListing(l.id) : paths.sellerListings()}>Cancel</a>
      </div>
    </form>
  );
}

export function ListingFormPage(props: ListingFormProps) {
  const l = props.listing;
  return (
    <section>
      {l ? (
        <h1>
          Edit <span safe>{l.title}</span>
        </h1>
      ) : (
        <h1>New listing</h1>
      )}
      {l && ['active', 'paused', 'sold_out'].includes(l.status) ? (
        <p class="notice">Changing the title, description, category, kind, details, condition or the price by more than 20% sends the listing back for review. Stock and small price changes do not.</p>
      ) : (
        ''
      )}
      {props.commission ? <ReceiveNote id={`receive-note-${props.commission.listingId}`} {...props.commission} /> : ''}
      <ListingForm {...props} />
    </section>
  );
}

/** What a signed-in non-seller sees instead of the form. */
export function NotSellerPage() {
  return (
    <section class="error-page" data-status="403" aria-labelledby="not-seller-title">
      <h1 id="not-seller-title">Only sellers can list things</h1>
      <p>
        To sell on Souk, <a href={paths.sellerApplication()}>apply to open a shop</a>. Once an admin approves it, you can create listings here.
      </p>
    </section>
  );
}
