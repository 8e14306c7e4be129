import { accountPaths } from '../../src/accounts/paths.js';
import { Csrf } from '../components/field.js';

/** Confirming a new address takes a button press: mail scanners that open links change nothing. */
export function EmailConfirmPage(props: { csrf: string; token: string; email: string }) {
  const path = accountPaths.accountEmailConfirmation(props.token);
  return (
    <section class="narrow">
      <h1>Confirm your new email address</h1>
      <p>
        Use <strong safe>{props.email}</strong> for your Souk account from now on?
      </p>
      <form id="email-confirm-form" method="post" action={path}>
        <Csrf token={props.csrf} />
        <button type="submit">Confirm this address</button>
      </form>
    </section>
  );
}

/** A confirmation link that was used, replaced or has expired; or the address was taken meanwhile. */
export function EmailLinkSpentPage(props: { reason: 'invalid' | 'taken' }) {
  return (
    <section class="narrow">
      <h1>{props.reason === 'taken' ? 'This address is taken' : 'This link no longer works'}</h1>
      <p id="email-link-spent">
        {props.reason === 'taken'
          ? 'Another account started using this address in the meantime, so your address did not change.'
          : 'Confirmation links work once and only for a limited time, and a newer request replaces an older one. Your email address did not change.'}
      </p>
      <p>
        <a href={accountPaths.accountSettings()}>Go to your account settings</a> to ask again.
      </p>
    </section>
  );
}
