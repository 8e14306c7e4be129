import type { PropsWithChildren } from '@kitajs/html';
import type { CurrentUser } from '../../src/accounts/queries.js';
import type { AdminCountsRow } from '../../src/admin/counts.js';
import { accountPaths } from '../../src/accounts/paths.js';
import { mailPaths } from '../../src/mail/paths.js';
import { auctionListPaths } from '../../src/auctions/list-paths.js';
import { paths } from '../../src/paths.js';
import { shopsPaths } from '../../src/shops/paths.js';
import { Count } from './badge.js';

/** Pending-work counts in the admin's navigation; refreshed live on the admin stream. */
export function AdminCounts(props: AdminCountsRow) {
  return (
    <li id="admin-counts" hx-get={paths.adminCounts()} hx-trigger="sse:applications, sse:moderation, sse:payouts" hx-swap="outerHTML" class="admin-counts">
      <a href={paths.adminModeration()} id="nav-moderation" aria-label={`Moderation: ${props.listings} listings waiting`}>
        Moderation <Count n={props.listings} />
      </a>{' '}
      <a href={paths.adminApplications()} id="nav-applications" aria-label={`Applications: ${props.applications} applications waiting`}>
        Applications <Count n={props.applications} />
      </a>{' '}
      <a href={paths.adminPayouts()} id="nav-payouts" aria-label={`Payouts: ${props.payouts} payouts waiting`}>
        Payouts <Count n={props.payouts} />
      </a>
    </li>
  );
}

const Item = (props: { href: string; id?: string; children: string }) => (
  <li>
    <a href={props.href} id={props.id} safe>
      {props.children}
    </a>
  </li>
);

/** A named group of links: a drop-down on wide screens, a nested list on phones; a disclosure, so it works without JavaScript. */
const Group = (props: PropsWithChildren<{ label: string; id: string }>) => (
  <li>
    <details class="nav-group" id={props.id}>
      <summary safe>{props.label}</summary>
      <ul>{props.children}</ul>
    </details>
  </li>
);

/**
 * The navigation for the viewer's role, inside a disclosure that phones show
 * as one "Menu" button (wide screens always show the list). It re-fetches
 * itself when the user's account changes (e.g. a seller application is
 * approved), without a reload.
 */
export function Nav(props: { user: CurrentUser | null; adminCounts?: AdminCountsRow }) {
  const u = props.user;
  // an admin's carries live counts; anyone else's depends only on their role, so it is rendered once per role
  if (u?.is_admin) return navOf(props);
  const role = u ? (u.is_seller ? 'seller' : 'buyer') : 'visitor';
  const kept = navByRole.get(role);
  if (kept !== undefined) return kept;
  const html = navOf(props);
  if (typeof html === 'string') navByRole.set(role, html);
  return html;
}

const navByRole = new Map<string, string>();

function navOf(props: { user: CurrentUser | null; adminCounts?: AdminCountsRow }) {
  const u = props.user;
  return (
    <nav
      id="nav"
      aria-label="Main"
      hx-get={u ? paths.nav() : undefined}
      hx-trigger={u ? 'sse:account, htmx:sseOpen from:closest [sse-connect]' : undefined}
      hx-swap={u ? 'outerHTML' : undefined}
      data-role={u ? (u.is_admin ? 'admin' : u.is_seller ? 'seller' : 'buyer') : 'visitor'}
    >
      <details class="nav-menu" id="nav-menu">
        <summary>Menu</summary>
        <ul class="nav-list">
          <Item href={paths.home()}>Browse</Item>
          <Item href={paths.search()} id="nav-search">
            Search
          </Item>
          {u ? (
            <>
              <Item href={paths.favourites()} id="nav-favourites">
                Favourites
              </Item>
              <Item href={paths.savedSearches()} id="nav-saved-searches">
                Saved searches
              </Item>
              <Item href={paths.wallet()} id="nav-wallet">
                Wallet
              </Item>
              <Item href={paths.orders()} id="nav-my-orders">
                My orders
              </Item>
              <Item href={auctionListPaths.myBids()} id="nav-my-bids">
                My bids
              </Item>
              <Item href={accountPaths.accountSettings()} id="nav-settings">
                Settings
              </Item>
              <Item href={mailPaths.notificationPreferences()} id="nav-notification-settings">
                Notification settings
              </Item>
            </>
          ) : (
            ''
          )}
          {u && u.is_seller ? (
            <Group label="Selling" id="nav-group-selling">
              <>
                <Item href={paths.sellerListings()} id="nav-listings">
                  My listings
                </Item>
                <Item href={paths.sellerOrders()} id="nav-seller-orders">
                  Orders
                </Item>
                <Item href={auctionListPaths.sellerAuctions()} id="nav-seller-auctions">
                  Auctions
                </Item>
                <Item href={shopsPaths.sellerShop()} id="nav-shop">
                  My shop
                </Item>
              </>
            </Group>
          ) : (
            ''
          )}
          {u && !u.is_seller ? (
            <Item href={paths.sellerApplication()} id="nav-sell">
              Sell on Souk
            </Item>
          ) : (
            ''
          )}
          {u?.is_admin ? (
            <>
              <AdminCounts {...(props.adminCounts ?? { applications: 0, listings: 0, payouts: 0 })} />
              <Group label="Catalog" id="nav-group-catalog">
                <>
                  <Item href={paths.adminCategories()}>Categories</Item>
                  <Item href={paths.adminSynonyms()} id="nav-search-synonyms">
                    Search synonyms
                  </Item>
                  <Item href={paths.adminBoostPlans()}>Boost plans</Item>
                  <Item href={auctionListPaths.adminIncrements()} id="nav-bid-increments">
                    Bid increments
                  </Item>
                </>
              </Group>
              <Group label="Orders & disputes" id="nav-group-orders">
                <>
                  <Item href={paths.adminOrders()} id="nav-admin-orders">
                    Orders
                  </Item>
                  <Item href={paths.adminDisputes()} id="nav-admin-disputes">
                    Disputes
                  </Item>
                  <Item href={paths.adminRefunds()}>Refunds</Item>
                  <Item href={paths.adminDownloads()}>Downloads</Item>
                </>
              </Group>
              <Group label="Money" id="nav-group-money">
                <>
                  <Item href={paths.adminFinance()}>Finance</Item>
                  <Item href={paths.adminCommissions()} id="nav-commissions">
                    Commissions
                  </Item>
                  <Item href={paths.adminReconciliation()}>Reconciliation</Item>
                </>
              </Group>
              <Group label="People" id="nav-group-people">
                <>
                  <Item href={paths.adminUsers()}>Users</Item>
                </>
              </Group>
              <Group label="System" id="nav-group-system">
                <>
                  <Item href={paths.adminQueues()}>Queues</Item>
                </>
              </Group>
            </>
          ) : (
            ''
          )}
        </ul>
      </details>
    </nav>
  );
}
