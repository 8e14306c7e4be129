import { accountPaths } from '../../src/accounts/paths.js';

/** The terms of use, short and in plain words. */
export function TermsPage() {
  return (
    <article class="prose terms">
      <h1>Terms of use</h1>
      <p>These terms are the agreement between you and Souk when you use this marketplace. We kept them short; please read them.</p>

      <h2>1. What Souk is</h2>
      <p>
        Souk is a marketplace: independent sellers offer goods, services and downloads, and buyers buy them. The seller, not Souk, is responsible for what
        they sell and for describing it honestly. Souk runs the site, holds payments until an order is settled, and steps in when a buyer and a seller
        disagree.
      </p>

      <h2>2. Your account</h2>
      <ul>
        <li>You must be old enough to make a contract where you live.</li>
        <li>Keep your password to yourself. You are responsible for what happens under your account.</li>
        <li>Give a real email address; we use it for receipts and security notices.</li>
      </ul>

      <h2>3. Buying</h2>
      <ul>
        <li>A purchase or a winning bid is a promise to pay.</li>
        <li>We hold your payment until you receive the item or the holding period ends. Report a problem before then through the order page.</li>
        <li>Your legal rights as a consumer are not affected by these terms.</li>
      </ul>

      <h2>4. Selling</h2>
      <ul>
        <li>Only sell what you own and may sell. No counterfeit, stolen, dangerous or illegal goods.</li>
        <li>Describe items honestly, ship on time, and answer buyers.</li>
        <li>We charge the commission shown before you publish; it is taken from the sale.</li>
      </ul>

      <h2>5. What is not allowed</h2>
      <p>
        Fraud, harassment, spam, fake reviews or bids, taking deals off the site to avoid fees, and any attempt to break or overload the site. We may remove
        listings that break these rules.
      </p>

      <h2>6. Blocking an account</h2>
      <p>
        If an account breaks these terms we may block it, for a time or for good. We tell the account holder why and, for a temporary block, until when. Money
        owed to a blocked seller for completed orders is still paid out, unless the law or a dispute prevents it.
      </p>

      <h2>7. Changes</h2>
      <p>If we change these terms we say so on the site at least 30 days before the change takes effect. You may close your account before then.</p>

      <p>
        How we handle your data is in our <a href={accountPaths.privacy()}>privacy notice</a>. Questions? See <a href={accountPaths.help()}>help</a>.
      </p>
    </article>
  );
}
