import { accountPaths } from '../../src/accounts/paths.js';
import { paths } from '../../src/paths.js';

/** Answers to what people ask most, in plain words. */
export function HelpPage() {
  return (
    <article class="prose help">
      <h1>Help</h1>
      <p>Short answers to the questions people ask most. If yours is not here, write to support from the email address you use on Souk.</p>

      <h2 id="buying">Buying</h2>
      <h3>How do I pay?</h3>
      <p>
        Put what you want in your cart and check out. You pay by card, or from your <a href={paths.wallet()}>wallet</a> if it holds enough. One cart can hold
        things from several sellers: each seller gets their own order.
      </p>
      <h3>When does the seller get my money?</h3>
      <p>
        Not straight away. We hold the payment until you confirm that the item arrived, or until the holding period ends without a problem reported. If
        something is wrong, open a dispute from the order before then.
      </p>
      <h3>How do auctions work?</h3>
      <p>
        Enter the most you are willing to pay. We bid for you, only as much as it takes to keep you in the lead. A bid in the last minutes moves the end a
        little, so everyone has a fair chance to answer. If you win, pay within the time shown on the auction.
      </p>

      <h2 id="selling">Selling</h2>
      <h3>How do I start selling?</h3>
      <p>
        Apply for a shop from <a href={paths.sellerApplication()}>Sell on Souk</a>. Once we approve it, you can list items, services and downloads. New
        listings are checked before they appear.
      </p>
      <h3>What does it cost?</h3>
      <p>Listing is free. When you sell, we keep a commission shown before you publish. Boosts, which show a listing higher in search, are optional.</p>

      <h2 id="account">Your account</h2>
      <h3>I forgot my password</h3>
      <p>
        Use <a href={accountPaths.passwordReset()}>reset your password</a>. We email you a link that works once, for a short time.
      </p>
      <h3>Someone else may have used my account</h3>
      <p>
        Change your password in your <a href={accountPaths.accountSettings()}>account settings</a>: that signs you out on every other device. The same page
        lists where you are signed in.
      </p>
      <h3>My account is blocked</h3>
      <p>When we block an account we say why and, for a temporary block, until when. If you think it is a mistake, write to support and tell us why.</p>

      <p>
        See also our <a href={accountPaths.terms()}>terms</a> and <a href={accountPaths.privacy()}>privacy notice</a>.
      </p>
    </article>
  );
}
