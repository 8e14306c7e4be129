import type { CurrentUser } from '../../src/accounts/queries.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import type { HomeCategory, TileRow } from '../../src/storefront/queries.js';
import { ListingTiles } from './listing-tile.js';

export interface HomeProps {
  user: CurrentUser | null;
  categories: HomeCategory[];
  fresh: TileRow[];
  covers: Map<number, ImageView>;
}

function Welcome(props: { user: CurrentUser | null }) {
  const u = props.user;
  if (!u) {
    return (
      <div class="card">
        <p>
          <a href={paths.signUp()}>Create an account</a> to buy and sell, or <a href={paths.signIn()}>sign in</a>.
        </p>
      </div>
    );
  }
  return (
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
  );
}

/**
 * Section titles are level-2 headings for assistive technology; they are not
 * `h2` elements so that the greeting stays the page's one `h2` element.
 */
function SectionTitle(props: { id: string; children: string }) {
  return (
    <p class="section-title" role="heading" aria-level="2" id={props.id} safe>
      {props.children}
    </p>
  );
}

export function HomePage(props: HomeProps) {
  return (
    <section>
      <h1>Welcome to Souk</h1>
      <p class="lead">Buy, sell and bid — from independent shops, makers and neighbours.</p>
      <form method="get" action={paths.search()} role="search" class="inline-form home-search">
        <label for="home-q" class="visually-hidden">
          Search listings
        </label>
        <input id="home-q" type="search" name="q" placeholder="Search lamps, phones, shoes…" maxlength="200" />
        <button type="submit">Search</button>
      </form>
      <Welcome user={props.user} />
      <section aria-labelledby="home-categories">
        <SectionTitle id="home-categories">Browse by category</SectionTitle>
        {props.categories.length === 0 ? (
          <p class="empty">No categories yet.</p>
        ) : (
          <ul class="category-list" id="categories">
            {props.categories.map((c) => (
              <li data-category={c.slug}>
                <a href={paths.category(c.slug)} safe>
                  {c.name}
                </a>{' '}
                <span class="meta count" safe>{c.listings === 1 ? '1 listing' : `${c.listings} listings`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="home-fresh">
        <SectionTitle id="home-fresh">Fresh listings</SectionTitle>
        {props.fresh.length === 0 ? (
          <p class="empty">Nothing for sale yet. Check back soon.</p>
        ) : (
          <ListingTiles tiles={props.fresh} covers={props.covers} label="Fresh listings" id="fresh" top />
        )}
      </section>
    </section>
  );
}
