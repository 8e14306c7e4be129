import type { CurrentUser } from '../../src/accounts/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import type { ApplicationRow } from '../../src/sellers/queries.js';
import { Csrf, Field, FormError, TextArea } from '../components/field.js';
import { Time } from '../components/time.js';

export function ApplicationForm(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <form
      id="seller-application-form"
      method="post"
      action={paths.sellerApplication()}
      hx-post={paths.sellerApplication()}
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="Shop name" name="shop_name" value={v.shop_name} error={e.shop_name} required maxlength={60} hint="3–60 characters; buyers see it on every listing." />
      <TextArea label="About your shop" name="description" value={v.description} error={e.description} required maxlength={2000} hint="What you sell and how you work (at least 20 characters)." />
      <button type="submit">Apply to sell</button>
    </form>
  );
}

function Status(props: { app: ApplicationRow }) {
  const a = props.app;
  if (a.status === 'pending')
    return (
      <div class="card" id="application-status" data-status="pending">
        <h2>Application under review</h2>
        <p>
          You applied as <strong safe>{a.shop_name}</strong> on <Time at={a.created_at} />. An admin will review it soon; you will be notified
          here.
        </p>
      </div>
    );
  if (a.status === 'rejected')
    return (
      <div class="card" id="application-status" data-status="rejected">
        <h2>Your last application was not approved</h2>
        <p>
          Reason: <span safe>{a.reason ?? ''}</span>
        </p>
        <p>You may apply again below.</p>
      </div>
    );
  return '';
}

export function SellerPage(props: {
  user: CurrentUser;
  csrf: string;
  application?: ApplicationRow;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { user, application } = props;
  if (user.is_seller) {
    return (
      <section>
        <h1>
          My shop: <span safe>{user.shop_name ?? ''}</span>
        </h1>
        <p class="card" id="application-status" data-status="approved">
          You are an approved seller. Listings, orders and payouts will appear here.
        </p>
        <p>
          <a href={paths.sellerShipping()} id="shop-shipping-link">
            Shipping and stock alerts
          </a>
        </p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>Sell on Souk</h1>
      {application ? <Status app={application} /> : ''}
      {application?.status === 'pending' ? (
        ''
      ) : (
        <>
          <p>Tell us about your shop. An admin reviews every application before you can list.</p>
          <ApplicationForm csrf={props.csrf} values={props.values} errors={props.errors} />
        </>
      )}
    </section>
  );
}
