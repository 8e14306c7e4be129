import type { CurrentUser } from '../../src/accounts/queries.js';
import { paths } from '../../src/paths.js';

/** Pending-work counts in the admin's navigation; refreshed live on the admin stream. */
export function AdminCounts(props: { applications: number }) {
  return (
    <a
      id="admin-counts"
      href={paths.adminApplications()}
      hx-get={paths.adminCounts()}
      hx-trigger="sse:applications"
      hx-swap="outerHTML"
    >
      Applications{' '}
      <span class={props.applications > 0 ? 'badge' : 'badge badge-empty'} data-count={String(props.applications)}>
        {props.applications}
      </span>
    </a>
  );
}

/**
 * The navigation for the viewer's role. It re-fetches itself when the user's
 * account changes (e.g. a seller application is approved), without a reload.
 */
export function Nav(props: { user: CurrentUser | null; adminCounts?: { applications: number } }) {
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
      <ul>
        <li>
          <a href={paths.home()}>Browse</a>
        </li>
        {u && u.is_seller ? (
          <li>
            <a href={paths.sellerApplication()} id="nav-shop">
              My shop
            </a>
          </li>
        ) : (
          ''
        )}
        {u && !u.is_seller ? (
          <li>
            <a href={paths.sellerApplication()} id="nav-sell">
              Sell on Souk
            </a>
          </li>
        ) : (
          ''
        )}
        {u?.is_admin ? (
          <>
            <li>
              <AdminCounts applications={props.adminCounts?.applications ?? 0} />
            </li>
            <li>
              <a href={paths.adminUsers()}>Users</a>
            </li>
            <li>
              <a href={paths.adminCategories()}>Categories</a>
            </li>
            <li>
              <a href={paths.adminQueues()}>Queues</a>
            </li>
          </>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}
