import { accountPaths } from '../../src/accounts/paths.js';

/** The privacy notice, short and in plain words. */
export function PrivacyPage() {
  return (
    <article class="prose privacy">
      <h1>Privacy notice</h1>
      <p>This page says what we collect about you, why, and what you can do about it.</p>

      <h2>What we keep</h2>
      <ul>
        <li>Your account: email address, display name, and your password, stored only as a one-way hash.</li>
        <li>What you do on Souk: listings, orders, bids, messages, payments and payouts.</li>
        <li>Shipping addresses you give us, shared only with the seller who ships your order.</li>
        <li>
          Where you are signed in: the kind of browser and a rough network address, so you can see your sessions and end them in your{' '}
          <a href={accountPaths.accountSettings()}>account settings</a>.
        </li>
      </ul>

      <h2>What we do not do</h2>
      <ul>
        <li>We do not sell your data, and we show no third-party advertising.</li>
        <li>We never show your email address to other users.</li>
        <li>We load no trackers: the only cookies are the ones that keep you signed in, protect forms and remember your cart.</li>
      </ul>

      <h2>Who else sees it</h2>
      <p>
        The payment provider, to take card payments. The other party of an order, to the extent needed to deliver it. Authorities, only when the law
        requires it.
      </p>

      <h2>How long we keep it</h2>
      <p>
        Your account data for as long as you have an account. Order and payment records for as long as accounting and tax law require, usually up to ten
        years.
      </p>

      <h2>Your rights</h2>
      <p>
        You can see and correct your name and email address in your settings, and ask us for a copy of your data or to delete your account. Write to support
        from the address you use on Souk.
      </p>

      <p>
        See also our <a href={accountPaths.terms()}>terms of use</a> and <a href={accountPaths.help()}>help</a>.
      </p>
    </article>
  );
}
