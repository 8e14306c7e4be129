import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { SHOP_IMAGE_SIZE } from '../../src/shops/images.js';
import type { ShopRow } from '../../src/shops/queries.js';
import { shopsPaths } from '../../src/shops/paths.js';
import { POLICY_MAX } from '../../src/shops/shops.js';
import { Csrf, FieldFrame, Field, FormError, TextArea } from '../components/field.js';

export interface ShopFormProps {
  csrf: string;
  shop: ShopRow;
  values: Record<string, string>;
  errors?: FieldErrors;
  maxBytes: number;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** One picture of the shop: what is there now, a file input, and a way to remove it. */
function PictureField(props: { which: 'logo' | 'banner'; label: string; current: string | null; error?: string; hint: string }) {
  const size = SHOP_IMAGE_SIZE[props.which];
  return (
    <FieldFrame
      label={props.label}
      name={props.which}
      error={props.error}
      hint={props.hint}
      control={(a) => (
        <>
          {props.current ? (
            <img class={`shop-${props.which}-preview`} src={shopsPaths.shopMedia(props.current)} alt={`Current ${props.which}`} width={String(size.width)} height={String(size.height)} />
          ) : (
            ''
          )}
          <input id={a.id} name={props.which} type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" aria-invalid={a.invalid} aria-describedby={a.describedBy} />
          {props.current ? (
            <label class="checkbox">
              <input type="checkbox" name={`remove_${props.which}`} value="on" /> Remove the current {props.which}
            </label>
          ) : (
            ''
          )}
        </>
      )}
    />
  );
}

/** The seller's shop form (stable id `shop-form`): name, description, policies, logo and banner. */
export function ShopForm(props: ShopFormProps) {
  const v = props.values;
  const e = props.errors ?? {};
  return (
    <form id="shop-form" method="post" action={shopsPaths.sellerShop()} enctype="multipart/form-data" novalidate>
      <Csrf token={props.csrf} />
      <FormError message={e.form} />
      <Field label="Shop name" name="shop_name" value={v.shop_name} error={e.shop_name} required maxlength={60} hint="3–60 characters. Your shop’s address stays the same when you rename it." />
      <TextArea label="About your shop" name="description" value={v.description} error={e.description} required maxlength={2000} rows={6} hint="What you sell and how you work (20–2000 characters). Blank lines start a new paragraph." />
      <TextArea
        label="Shipping policy (optional)"
        name="shipping_policy"
        value={v.shipping_policy}
        error={e.shipping_policy}
        maxlength={POLICY_MAX}
        hint="When you ship and how (carriers, packaging, collection). The charge itself comes from your shipping settings."
      />
      <TextArea
        label="Returns policy (optional)"
        name="returns_policy"
        value={v.returns_policy}
        error={e.returns_policy}
        maxlength={POLICY_MAX}
        hint="What buyers can return and how. Left empty, buyers see Souk’s standard 14-day returns."
      />
      <PictureField which="logo" label="Logo (optional)" current={props.shop.logo_key} error={e.logo} hint={`A square picture, shown at the top of your shop. JPEG, PNG, WebP, GIF or AVIF up to ${mb(props.maxBytes)}.`} />
      <PictureField which="banner" label="Banner (optional)" current={props.shop.banner_key} error={e.banner} hint={`A wide picture (4:1), cropped to fit. Up to ${mb(props.maxBytes)}.`} />
      <button type="submit">Save shop</button>
    </form>
  );
}

export function ShopEditPage(props: ShopFormProps) {
  return (
    <section class="narrow">
      <h1>Your shop</h1>
      <p>
        Buyers see this on <a href={shopsPaths.shop(props.shop.slug)}>your shop page</a>. Shipping charges are set in{' '}
        <a href={paths.sellerShipping()}>shipping settings</a>.
      </p>
      <ShopForm {...props} />
    </section>
  );
}
