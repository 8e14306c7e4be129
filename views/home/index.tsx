import type { CurrentUser } from '../../src/accounts/queries.js';
import { paths } from '../../src/paths.js';

export function HomePage(props: { user: CurrentUser | null }) {
  const u = props.user;
  return (
    <section>
      <h1>Welcome to Souk</h1>
      <p class="lead">Buy, sell and bid — from independent shops, makers and neighbours.</p>
      {u ? (
        <div class="card">
          <h2 safe>{`Hello, ${u.display_name}`}</h2>
          {u.is_seller ? (
            <p>
              Your shop <strong safe>{u.shop_name ?? ''}</strong> is open. <a href={paths.sellerApplication()}>Go to my shop</a>
            </p>
          ) : (
            <p>
              Have something to sell? <a href={paths.sellerApplication()}>Apply to become a seller</a>.
            </p>
          )}
          {u.is_admin ? (
            <p>
              Admin: review <a href={paths.adminApplications()}>seller applications</a>, manage <a href={paths.adminUsers()}>users</a> and watch the{' '}
              <a href={paths.adminQueues()}>job queues</a>.
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        <div class="card">
          <p>
            <a href={paths.signUp()}>Create an account</a> to buy and sell, or <a href={paths.signIn()}>sign in</a>.
          </p>
        </div>
      )}
    </section>
  );
}
