import { zoneLabel } from '../../src/lib/locale.js';
import type { UserListRow, UserRow } from '../../src/accounts/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';
import { Time } from '../components/time.js';
import { AdminStrikes } from '../auctions/admin-auction.js';
import type { StrikeRow } from '../../src/auctions/strikes.js';

export function UsersPage(props: { users: UserListRow[]; q: string; page: number; hasMore: boolean }) {
  return (
    <section>
      <h1>Users</h1>
      <form method="get" action={paths.adminUsers()} role="search" class="inline-form">
        <label for="user-q">Search by email or name</label>
        <input id="user-q" name="q" type="search" value={props.q} />
        <button type="submit">Search</button>
      </form>
      <table class="cards" id="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr id={`user-${u.id}`}>
              <td data-label="Name">
                <a href={paths.adminUser(u.id)} safe>
                  {u.display_name}
                </a>
              </td>
              <td data-label="Email" safe>{u.email}</td>
              <td data-label="Role">{u.is_admin ? 'admin' : u.is_seller ? 'seller' : 'buyer'}</td>
              <td data-label="Status">{u.blocked_at ? 'blocked' : 'active'}</td>
              <td data-label="Joined">
                <Time at={u.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        {props.page > 1 ? <a href={`${paths.adminUsers()}?q=${encodeURIComponent(props.q)}&page=${props.page - 1}`}>Previous</a> : ''}
        {props.hasMore ? <a href={`${paths.adminUsers()}?q=${encodeURIComponent(props.q)}&page=${props.page + 1}`}>Next</a> : ''}
      </nav>
    </section>
  );
}

export interface AuditRow {
  id: number;
  action: string;
  reason: string | null;
  actor_name: string | null;
  created_at: Date;
}

export function UserPage(props: { user: UserRow; audit: AuditRow[]; csrf: string; values?: Record<string, string>; errors?: FieldErrors; strikes?: StrikeRow[] }) {
  const u = props.user;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  return (
    <section>
      <h1 safe>{u.display_name}</h1>
      <p>
        <span safe>{u.email}</span> · joined <Time at={u.created_at} />
      </p>
      <div id="block-status" class="card">
        {u.blocked_at ? (
          <>
            <h2>Blocked</h2>
            <p>
              Since <Time at={u.blocked_at} />
              {u.blocked_until ? (
                <>
                  {' '}
                  until <Time at={u.blocked_until} />
                </>
              ) : (
                ' with no end date'
              )}
              . Reason: <span safe>{u.blocked_reason ?? ''}</span>
            </p>
            <form method="post" action={paths.adminUserBlock(u.id)} id="unblock-form" novalidate>
              <Csrf token={props.csrf} />
              <input type="hidden" name="_method" value="DELETE" />
              <FormError message={e.form} />
              <Field label="Reason for unblocking" name="reason" value={v.reason} error={e.reason} required maxlength={500} />
              <button type="submit">Unblock</button>
            </form>
          </>
        ) : u.is_admin ? (
          <>
            <FormError message={e.form} />
            <p>Admins cannot be blocked.</p>
          </>
        ) : (
          <>
            <h2>Block this user</h2>
            <p>They are signed out everywhere at once and cannot sign in until unblocked.</p>
            <form method="post" action={paths.adminUserBlock(u.id)} id="block-form" novalidate>
              <Csrf token={props.csrf} />
              <FormError message={e.form} />
              <Field label="Reason" name="reason" value={v.reason} error={e.reason} required maxlength={500} />
              <Field label={`Blocked until (${zoneLabel()}, optional)`} name="until" type="datetime-local" value={v.until} error={e.until} hint="Leave empty to block until an admin unblocks." />
              <button type="submit" class="danger">
                Block
              </button>
            </form>
          </>
        )}
      </div>
      <h2>Unpaid auction strikes</h2>
      <AdminStrikes strikes={props.strikes ?? []} />
      <h2>History</h2>
      <ul class="history">
        {props.audit.map((a) => (
          <li>
            <Time at={a.created_at} /> — <span safe>{a.action}</span> by <span safe>{a.actor_name ?? 'system'}</span>
            {a.reason ? (
              <>
                : <span safe>{a.reason}</span>
              </>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
