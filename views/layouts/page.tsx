import type { PropsWithChildren } from '@kitajs/html';
import type { CurrentUser } from '../../src/accounts/queries.js';
import type { AdminCountsRow } from '../../src/admin/counts.js';
import { accountPaths } from '../../src/accounts/paths.js';
import { paths } from '../../src/paths.js';
import { asset } from '../../src/http/assets.js';
import { pageStreams } from '../../src/realtime/streams.js';
import { NotificationBadge } from '../components/badge.js';
import { WalletBalance } from '../wallets/balance-badge.js';
import { Csrf } from '../components/field.js';
import { Nav } from '../components/nav.js';
import { CartCount } from '../carts/cart-count.js';
import { LiveMessagesLink } from '../conversations/messages-link.js';

/** What every full page needs to know about the request. */
export interface PageContext {
  user: CurrentUser | null;
  csrf: string;
  flash?: { kind: 'info' | 'error'; text: string };
  unread: number;
  adminCounts?: AdminCountsRow;
  /** the signed-in user's balances, for the header */
  wallet?: { available: number; currency: string };
  /** how many things are in the viewer's cart, for the header */
  cartCount?: number;
}

// htmx: no eval, requests only to this origin, and 4xx/5xx answers are swapped
// (forms answer 422 with their errors; the error handler retargets to #flash).
const htmxConfig = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

/** The flash area; `oob` sends it along with an htmx fragment (hx-swap-oob) so the message is not lost. */
export function Flash(props: { flash?: PageContext['flash']; oob?: boolean }) {
  return (
    <div id="flash" role="status" aria-live="polite" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.flash ? (
        <p class={`flash flash-${props.flash.kind}`} safe>
          {props.flash.text}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/**
 * Whether a rendered page body has something for htmx to enhance: an htmx or SSE
 * attribute (` hx-get="…"`, ` sse-swap="…"`). A page without one (a visitor's home
 * page, a help page) is sent without htmx: parsing and starting it is a large share
 * of a phone's work on such a page, for nothing.
 * `data-hx-*` attributes (htmx reads them like `hx-*`) do not count: they mark what
 * htmx enhances only once the visitor reaches for it (the search inside a shop), and
 * the page includes static/htmx-on-intent.js, which loads htmx at that moment.
 */
export function usesHtmx(body: string | Buffer): boolean {
  return body.includes(' hx-') || body.includes(' sse-');
}

/**
 * A full page. `streams`: the public streams this page listens to besides the
 * viewer's own (e.g. `[streams.auction(id)]`). The page opens one live
 * connection on <body>, so any element in it subscribes to its own event:
 * `hx-trigger="sse:<event>"` (a signal: re-fetch) or `sse-swap="<event>"` (a
 * pushed partial), never `from:body` (every listener would fire for every one).
 * htmx requests carry the CSRF token as a header from <body>, so partials need none.
 */
export function Layout(
  props: PropsWithChildren<{
    title: string;
    ctx: PageContext;
    description?: string;
    canonical?: string;
    streams?: string[];
    /** false: the body has nothing for htmx to do (see usesHtmx), so a visitor is not sent it */
    htmx?: boolean;
  }>,
) {
  const { user, csrf } = props.ctx;
  const names = pageStreams(user, props.streams);
  const live = names.length ? `${paths.events()}?streams=${encodeURIComponent(names.join(','))}` : undefined;
  // a signed-in header is live (counts, sign-out signal), so every page of a signed-in user has htmx
  const htmx = Boolean(user) || Boolean(live) || props.htmx !== false;
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} · Souk`}</title>
          {props.description ? <meta name="description" content={props.description} /> : ''}
          {props.canonical ? <link rel="canonical" href={props.canonical} /> : ''}
          <meta name="htmx-config" content={htmxConfig} />
          <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
          <link rel="stylesheet" href={asset('app.css')} />
          {htmx ? <script src={asset('vendor/htmx.min.js')} defer></script> : ''}
          {live ? <script src={asset('vendor/htmx-ext-sse.js')} defer></script> : ''}
          {live ? <script src={asset('live.js')} defer></script> : ''}
          <script src={asset('tz.js')} defer></script>
        </head>
        <body hx-headers={JSON.stringify({ 'x-csrf-token': csrf })} hx-indicator="#progress" hx-ext={live ? 'sse' : undefined} sse-connect={live}>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <div id="progress" class="progress" aria-hidden="true"></div>
          <header class="site-header">
            <a class="brand" href={paths.home()}>
              Souk
            </a>
            <Nav user={user} adminCounts={props.ctx.adminCounts} />
            <div class="account">
              <CartCount count={props.ctx.cartCount ?? 0} live={Boolean(user)} />
              {user ? (
                <>
                  <LiveMessagesLink />
                  <NotificationBadge count={props.ctx.unread} />
                  {props.ctx.wallet ? <WalletBalance available={props.ctx.wallet.available} currency={props.ctx.wallet.currency} /> : ''}
                  <span class="who" safe>
                    {user.display_name}
                  </span>
                  <form method="post" action={paths.session()} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="_method" value="DELETE" />
                    <button type="submit" class="link-button">
                      Sign out
                    </button>
                  </form>
                  <span hidden hx-get={paths.session()} hx-trigger="sse:session-ended" hx-swap="none"></span>
                </>
              ) : (
                <>
                  <a href={paths.signIn()}>Sign in</a>
                  <a href={paths.signUp()} class="button">
                    Sign up
                  </a>
                </>
              )}
            </div>
          </header>
          <main id="main" tabindex="-1">
            <Flash flash={props.ctx.flash} />
            {props.children}
          </main>
          <footer class="site-footer">
            <p>Souk — an open marketplace.</p>
            <nav aria-label="About Souk">
              <a href={accountPaths.help()}>Help</a> · <a href={accountPaths.terms()}>Terms</a> · <a href={accountPaths.privacy()}>Privacy</a>
            </nav>
          </footer>
        </body>
      </html>
    </>
  );
}
