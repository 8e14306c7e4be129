import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords.js';
import { routes } from '../../src/routes.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { plantDispute, plantSellerOrder } from '../disputes/helpers.js';
import { digitalListing, grant, paidDigitalOrder } from '../downloads/helpers.js';
import { tempStorage } from '../media/helpers.js';
import type { Fixture } from './csrf-fixtures/types.js';
import { domainFixtures } from './csrf-fixtures/index.js';
import { plantConversation } from './csrf-fixtures/conversations.js';

/**
 * Who may do what, route by route. Every route Souk answers (from the domain
 * manifests) needs a line here, or the first test fails: a new route cannot
 * ship without someone deciding who may use it.
 *
 * Each line is the expected answer for, in order:
 *   a visitor (no session), a buyer (signed in, no relation to the thing),
 *   another seller (likewise), the owner (the user whose listing, order,
 *   dispute… the URL names) and an admin.
 * `ok` the request goes through (a 2xx/3xx page; for a form, anything but
 *      401/403/404 — a validation message is fine), `in` sent to sign in (a
 *      redirect to /signin for a page, 401 for a form), or an exact status.
 * A 404 for someone else's thing is deliberate: a 403 would confirm that a
 * draft, an order or a dispute with that id exists.
 */
const expected: Record<string, string> = {
  'get /signup': 'ok ok ok ok ok',
  'post /users': 'ok ok ok ok ok',
  'get /signin': 'ok ok ok ok ok',
  'post /session': 'ok ok ok ok ok',
  'get /session': 'ok ok ok ok ok',
  'delete /session': 'ok ok ok ok ok',
  'get /account/settings': 'in ok ok ok ok',
  'put /account/profile': 'in ok ok ok ok',
  'put /account/password': 'in ok ok ok ok',
  'post /account/email-change': 'in ok ok ok ok',
  // a link with a token nobody was sent: gone for everyone
  'get /account/email-change/:token': '410 410 410 410 410',
  'post /account/email-change/:token': 'ok ok ok ok ok',
  'delete /account/sessions': 'in ok ok ok ok',
  'get /password-reset': 'ok ok ok ok ok',
  'post /password-reset': 'ok ok ok ok ok',
  'get /password-reset/sent': 'ok ok ok ok ok',
  'get /password-reset/:token': '410 410 410 410 410',
  'post /password-reset/:token': 'ok ok ok ok ok',
  'get /help': 'ok ok ok ok ok',
  'get /terms': 'ok ok ok ok ok',
  'get /privacy': 'ok ok ok ok ok',
  // no stream named: nothing to listen to (who may open which stream: tests/realtime/sse.test.ts)
  'get /events': '403 403 403 403 403',
  'get /notifications': 'in ok ok ok ok',
  'get /notifications/badge': 'in ok ok ok ok',
  'post /notifications/read-all': 'in ok ok ok ok',
  'post /notifications/:id/read': 'in 404 404 ok 404',
  'get /account/notifications': 'in ok ok ok ok',
  'post /account/notifications': 'in ok ok ok ok',
  'get /admin/emails': 'in 403 403 403 ok',
  'get /seller/application': 'in ok ok ok ok',
  'post /seller/application': 'in ok ok ok ok',
  // seller pages: a buyer (and an admin, who sells nothing) is told to apply first
  'get /seller/shipping': 'in 403 ok ok 403',
  'post /seller/shipping': 'in 403 ok ok 403',
  'get /admin': 'in 403 403 403 ok',
  'get /admin/counts': 'in 403 403 403 ok',
  'get /admin/seller-applications': 'in 403 403 403 ok',
  'get /admin/seller-applications/list': 'in 403 403 403 ok',
  'post /admin/seller-applications/:id/approval': 'in 403 403 403 ok',
  'post /admin/seller-applications/:id/rejection': 'in 403 403 403 ok',
  'get /admin/users': 'in 403 403 403 ok',
  'get /admin/users/:id': 'in 403 403 403 ok',
  'post /admin/users/:id/block': 'in 403 403 403 ok',
  'delete /admin/users/:id/block': 'in 403 403 403 ok',
  'get /admin/categories': 'in 403 403 403 ok',
  'post /admin/categories': 'in 403 403 403 ok',
  'get /admin/categories/:id': 'in 403 403 403 ok',
  'post /admin/categories/:id/name': 'in 403 403 403 ok',
  'post /admin/categories/:id/parent': 'in 403 403 403 ok',
  'post /admin/categories/:id/retirement': 'in 403 403 403 ok',
  'delete /admin/categories/:id/retirement': 'in 403 403 403 ok',
  'post /admin/categories/:id/attributes': 'in 403 403 403 ok',
  'delete /admin/categories/:id/attributes/:attributeId': 'in 403 403 403 ok',
  'get /seller/listings': 'in 403 ok ok 403',
  'get /seller/listings/list': 'in 403 ok ok 403',
  'get /seller/listings/new': 'in 403 ok ok 403',
  'post /seller/listings': 'in 403 ok ok 403',
  // the owner's draft: others do not learn it exists; an admin may look but not change it
  'get /seller/listings/:id': 'in 404 404 ok ok',
  'patch /seller/listings/:id': 'in 404 404 ok 403',
  'delete /seller/listings/:id': 'in 404 404 ok 403',
  'get /seller/listings/:id/edit': 'in 404 404 ok 403',
  'get /seller/listings/:id/status': 'in 404 404 ok ok',
  'get /seller/listings/:id/deletion': 'in 404 404 ok 403',
  'post /seller/listings/:id/submission': 'in 404 404 ok 403',
  'post /seller/listings/:id/pause': 'in 404 404 ok 403',
  'delete /seller/listings/:id/pause': 'in 404 404 ok 403',
  'post /seller/listings/:id/copies': 'in 404 404 ok 403',
  'post /seller/listings/:id/row': 'in 404 404 ok 403',
  'get /seller/listings/:id/variants': 'in 404 404 ok 403',
  'put /seller/listings/:id/variants': 'in 404 404 ok 403',
  // public files by an unguessable name: the same 404 for everyone when there is none
  'get /media/:name': '404 404 404 404 404',
  'get /seller/listings/:id/images': 'in 404 404 ok ok',
  'post /seller/listings/:id/images': 'in 404 404 ok 404',
  'patch /seller/listings/:id/images/:imageId': 'in 404 404 ok 404',
  'delete /seller/listings/:id/images/:imageId': 'in 404 404 ok 404',
  'post /seller/listings/:id/images/:imageId/position': 'in 404 404 ok 404',
  'get /seller/listings/:id/digital-file': 'in 404 404 ok ok',
  'post /seller/listings/:id/digital-file': 'in 404 404 ok 404',
  'get /admin/moderation': 'in 403 403 403 ok',
  'get /admin/moderation/list': 'in 403 403 403 ok',
  'post /admin/moderation/decisions': 'in 403 403 403 ok',
  'get /admin/moderation/:id': 'in 403 403 403 ok',
  'post /admin/moderation/:id/claim': 'in 403 403 403 ok',
  'delete /admin/moderation/:id/claim': 'in 403 403 403 ok',
  'post /admin/moderation/:id/approval': 'in 403 403 403 ok',
  'post /admin/moderation/:id/rejection': 'in 403 403 403 ok',
  'post /admin/moderation/:id/extension': 'in 403 403 403 ok',
  // a live listing of a third seller: any signed-in user may flag, ask, favourite
  'post /listings/:id/flags': 'in ok ok ok ok',
  'post /seller/listings/:id/renewal': 'in 404 404 ok 404',
  'get /search': 'ok ok ok ok ok',
  'get /search/completions': 'ok ok ok ok ok',
  'get /saved-searches': 'in ok ok ok ok',
  'post /saved-searches': 'in ok ok ok ok',
  'delete /saved-searches/:id': 'in 404 404 ok 404',
  'get /admin/search/synonyms': 'in 403 403 403 ok',
  'post /admin/search/synonyms': 'in 403 403 403 ok',
  'patch /admin/search/synonyms/:id': 'in 403 403 403 ok',
  'delete /admin/search/synonyms/:id': 'in 403 403 403 ok',
  'get /': 'ok ok ok ok ok',
  'get /nav': 'ok ok ok ok ok',
  'get /c/:slug': 'ok ok ok ok ok',
  // a draft listing's public page: its seller previews it, admins moderate it, nobody else learns of it
  'get /listings/:id': '404 404 404 ok ok',
  'get /listings/:id/:slug': '404 404 404 ok ok',
  'post /listings/:id/enquiries': 'in ok ok ok ok',
  'post /listings/:id/favourite': 'in ok ok ok ok',
  'delete /listings/:id/favourite': 'in ok ok ok ok',
  'get /favourites': 'in ok ok ok ok',
  'get /shops/:slug': '404 404 404 404 404',
  'get /shop-media/:name': '404 404 404 404 404',
  // the signed-in seller's own shop (no id in the URL): everyone else is told to apply first
  'get /seller/shop': 'in 403 ok ok 403',
  'post /seller/shop': 'in 403 ok ok 403',
  'get /wallet': 'in ok ok ok ok',
  'get /wallet/balances': 'in ok ok ok ok',
  'get /wallet/balance': 'in ok ok ok ok',
  'get /wallet/history.csv': 'in ok ok ok ok',
  'post /wallet/topups': 'in ok ok ok ok',
  // ids that do not exist: the same answer for everyone (a real one answers like its neighbours)
  'get /wallet/topups/:reference': 'in 404 404 404 404',
  'get /gateway/pay/:id': '404 404 404 404 404',
  'post /gateway/pay/:id': 'ok ok ok ok ok',
  'post /gateway/pay/:id/authentication': 'ok ok ok ok ok',
  'get /wallet/payouts': 'in ok ok ok ok',
  'post /wallet/payouts': 'in ok ok ok ok',
  'get /wallet/payouts/list': 'in ok ok ok ok',
  'post /wallet/payout-methods': 'in ok ok ok ok',
  'delete /wallet/payout-methods/:id': 'in 404 404 ok 404',
  'get /admin/payouts': 'in 403 403 403 ok',
  'get /admin/payouts/list': 'in 403 403 403 ok',
  'post /admin/payouts/:id/approval': 'in 403 403 403 ok',
  'post /admin/payouts/:id/rejection': 'in 403 403 403 ok',
  'get /admin/payouts/reconciliation': 'in 403 403 403 ok',
  'get /admin/payouts/reconciliation/runs': 'in 403 403 403 ok',
  'post /admin/payouts/reconciliation/runs': 'in 403 403 403 ok',
  'get /admin/payouts/reconciliation/runs/:id': 'in 403 403 403 404',
  'get /admin/refunds': 'in 403 403 403 ok',
  'post /admin/refunds': 'in 403 403 403 ok',
  'get /wallet/refunds/:id': 'in 404 404 404 404',
  'get /admin/finance': 'in 403 403 403 ok',
  'get /admin/boost-plans': 'in 403 403 403 ok',
  'post /admin/boost-plans': 'in 403 403 403 ok',
  'get /admin/boost-plans/:id': 'in 403 403 403 ok',
  'patch /admin/boost-plans/:id': 'in 403 403 403 ok',
  'post /admin/boost-plans/:id/retirement': 'in 403 403 403 ok',
  'get /seller/listings/:id/boost': 'in 404 404 ok 404',
  'post /seller/listings/:id/boosts': 'in 404 404 ok 404',
  'get /orders/:orderId/receipt.pdf': 'in 404 404 404 404',
  'get /seller-orders/:sellerOrderId/invoice.pdf': 'in 404 404 404 404',
  'get /documents/:id.pdf': 'in 404 404 404 404',
  'get /cart': 'ok ok ok ok ok',
  'get /cart/count': 'ok ok ok ok ok',
  'post /cart/lines': 'ok ok ok ok ok',
  // a cart line of the owner (carts work without an account): 404 for everyone else
  'patch /cart/lines/:id': '404 404 404 ok 404',
  'delete /cart/lines/:id': '404 404 404 ok 404',
  'get /account/addresses': 'in ok ok ok ok',
  'post /account/addresses': 'in ok ok ok ok',
  'delete /account/addresses/:id': 'in 404 404 ok 404',
  'get /admin/commissions': 'in 403 403 403 ok',
  'post /admin/commissions': 'in 403 403 403 ok',
  'post /admin/commissions/:id/retirement': 'in 403 403 403 ok',
  'get /downloads': 'in ok ok ok ok',
  'post /downloads/:id/links': 'in 404 404 ok 404',
  // the owner without a signed link is told the link is not valid; everyone else, that there is no such download
  'get /downloads/:id/file': 'in 404 404 403 404',
  'get /seller/downloads': 'in ok ok ok ok',
  'get /admin/downloads': 'in 403 403 403 ok',
  'get /checkout': 'in ok ok ok ok',
  'post /orders': 'in ok ok ok ok',
  'get /orders': 'in ok ok ok ok',
  'get /orders/:id': 'in 404 404 ok 404',
  'post /orders/:id/payment': 'in 404 404 ok 404',
  'post /orders/:id/cancellation': 'in 404 404 ok 404',
  'post /seller-orders/:id/receipt': 'in 404 404 ok 404',
  'post /seller-orders/:id/cancellation': 'in 404 404 ok 404',
  'get /seller/orders': 'in ok ok ok ok',
  'get /seller/orders/list': 'in ok ok ok ok',
  'get /seller/orders/:id': 'in 404 404 ok 404',
  'post /seller-orders/:id/acceptance': 'in 404 404 ok 404',
  'post /seller-orders/:id/shipment': 'in 404 404 ok 404',
  'post /seller-orders/:id/delivery': 'in 404 404 ok 404',
  'get /admin/orders': 'in 403 403 403 ok',
  'get /admin/orders/:id': 'in 403 403 403 ok',
  'get /auctions/:id/bid-box': 'ok ok ok ok ok',
  'get /auctions/:id/you': 'ok ok ok ok ok',
  // a live auction of a third seller: any signed-in user may bid or buy it now
  'post /auctions/:id/bids': 'in ok ok ok ok',
  'post /auctions/:id/buy-now': 'in ok ok ok ok',
  'get /account/bids': 'in ok ok ok ok',
  'get /account/bids/list': 'in ok ok ok ok',
  'get /seller/auctions': 'in ok ok ok ok',
  'get /seller/auctions/list': 'in ok ok ok ok',
  'get /admin/auctions/increments': 'in 403 403 403 ok',
  'post /admin/auctions/increments': 'in 403 403 403 ok',
  'get /auctions/:id/selling': 'in 404 404 ok 404',
  'post /auctions/:id/cancellation': 'in 404 404 ok 404',
  'post /auctions/:id/offer': 'in 404 404 ok 404',
  'post /auctions/:id/relisting': 'in 404 404 ok 404',
  'get /auction-offers/:id': 'in 404 404 404 404',
  'post /auction-offers/:id/acceptance': 'in 404 404 ok 404',
  'post /auction-offers/:id/decline': 'in 404 404 ok 404',
  'get /account/auction-strikes': 'in ok ok ok ok',
  'get /admin/auctions/:id': 'in 403 403 403 ok',
  'post /admin/auctions/:id/suspension': 'in 403 403 403 ok',
  'post /admin/auctions/:id/bids/:bidId/removal': 'in 403 403 403 ok',
  'get /seller-orders/:id/dispute/new': 'in 404 404 ok 404',
  'post /seller-orders/:id/disputes': 'in 404 404 ok 404',
  // the owner is the buyer who opened the dispute; admins decide disputes
  'get /disputes/:id': 'in 404 404 ok ok',
  'get /disputes/:id/thread': 'in 404 404 ok ok',
  'get /disputes/:id/status': 'in 404 404 ok ok',
  'get /disputes/:id/messages/:messageId/photos/:n': 'in 404 404 404 404',
  // planted with the admin as the one who answers: the owner here is not a party
  'post /disputes/:id/messages': 'in 404 404 404 ok',
  'post /disputes/:id/refund': 'in 404 404 ok 404',
  'post /disputes/:id/withdrawal': 'in 404 404 ok 404',
  'post /disputes/:id/decision': 'in 404 404 404 ok',
  'get /admin/disputes': 'in 403 403 403 ok',
  'get /messages': 'in ok ok ok ok',
  'get /messages/count': 'in ok ok ok ok',
  // the owner takes part in the conversation; an admin reads others' threads only while reported, and only on the admin page
  'get /messages/:id': 'in 404 404 ok 404',
  'get /messages/:id/list': 'in 404 404 ok 404',
  'post /messages/:id/replies': 'in 404 404 ok 404',
  'post /messages/:id/block': 'in 404 404 ok 404',
  'delete /messages/:id/block': 'in 404 404 ok 404',
  'post /messages/:id/report': 'in 404 404 ok 404',
  'get /seller-orders/:id/conversation': 'in 404 404 ok 404',
  'post /seller-orders/:id/conversation': 'in 404 404 ok 404',
  'get /admin/conversations/reported': 'in 403 403 403 ok',
  // a reported conversation between two others: the owner here is not a party
  'get /admin/conversations/:id': 'in 403 403 403 ok',
  'post /admin/conversations/:id/resolution': 'in 403 403 403 ok',
};

type Role = 'visitor' | 'buyer' | 'seller' | 'owner' | 'admin';
const ROLES: Role[] = ['visitor', 'buyer', 'seller', 'owner', 'admin'];
// the owner and the admin go last, so the refusals before them all see the thing as planted
const ORDER: Role[] = ['visitor', 'buyer', 'seller', 'admin', 'owner'];

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let users: Record<Exclude<Role, 'visitor'>, { id: number; email: string; password: string; display_name: string }>;
let clients: Record<Role, Client>;

const RATES = ['RATE_SIGNIN_PER_IP', 'RATE_SIGNIN_PER_ACCOUNT', 'RATE_SIGNUP_PER_IP', 'RATE_CONTACTS_PER_HOUR', 'RATE_LISTINGS_PER_HOUR', 'RATE_PAYOUTS_PER_DAY', 'RATE_MESSAGES_PER_HOUR', 'RATE_RESET_PER_EMAIL', 'RATE_RESET_PER_IP'];

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({ worker: false, env: { STORAGE_DIR: storage.dir, RATE_GENERAL_PER_MINUTE: '1000000', ...Object.fromEntries(RATES.map((k) => [k, '100000'])) } });
  users = {
    buyer: await createUser(app.db, { display_name: 'Bea Buyer' }),
    seller: await createSeller(app.db, { display_name: 'Sam Seller' }),
    owner: await createSeller(app.db, { display_name: 'Olga Owner' }),
    admin: await createAdmin(app.db),
  };
  clients = { visitor: await visitor() } as Record<Role, Client>;
  for (const r of ['buyer', 'seller', 'owner', 'admin'] as const) clients[r] = await signedIn(r);
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await storage?.remove();
});

async function visitor(): Promise<Client> {
  const c = new Client(app.baseUrl);
  await c.get('/');
  return c;
}

async function signedIn(role: Exclude<Role, 'visitor'>): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(users[role].email, users[role].password);
  expect(text(page.doc.querySelector('.who')), `${role} signed in`).not.toBe('');
  await c.get('/');
  return c;
}

/** Routes that change who is signed in: each role sends them from a session of its own. */
const SESSION_CHANGING = new Set(['post /users', 'post /session', 'delete /session', 'delete /account/sessions', 'put /account/password', 'post /password-reset/:token', 'post /account/email-change/:token']);

/**
 * Account forms each signed-in role sends for its own account (the fixture names the owner's values):
 * what they changed is put back afterwards, and the sessions they ended are opened again.
 */
const OWN_ACCOUNT: Record<string, () => Promise<void>> = {
  'put /account/profile': async () => {
    for (const r of ['buyer', 'seller', 'owner', 'admin'] as const) await app.db('users').where({ id: users[r].id }).update({ display_name: users[r].display_name });
  },
  // a changed password ends the user's other sessions
  'put /account/password': async () => {
    const hashes = new Map<string, Promise<string>>();
    for (const r of ['buyer', 'seller', 'owner', 'admin'] as const) {
      const { password } = users[r];
      if (!hashes.has(password)) hashes.set(password, hashPassword(password));
      await app.db('users').where({ id: users[r].id }).update({ password_hash: await hashes.get(password) });
    }
    await signInAgain();
  },
  'delete /account/sessions': () => signInAgain(),
};

async function signInAgain() {
  for (const r of ['buyer', 'seller', 'owner', 'admin'] as const) clients[r] = await signedIn(r);
}

let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;

/** The owner's things, planted fresh for each page that needs one. */
const plant = {
  category: () => createCategoryRow(app.db),
  async listing(over: Record<string, unknown> = {}) {
    const cat = await createCategoryRow(app.db);
    return createListing(app.db, { seller_id: users.owner.id, category_id: cat.id, status: 'draft', ...over });
  },
  async digital() {
    const cat = await createCategoryRow(app.db);
    return (await digitalListing(app.db, storage.dir, { sellerId: users.owner.id, categoryId: cat.id, over: { status: 'draft' } })).listing;
  },
  async boughtByOwner() {
    const seller = await createSeller(app.db);
    return plantSellerOrder(app.db, { buyerId: users.owner.id, sellerId: seller.id });
  },
  soldByOwner: () => plantSellerOrder(app.db, { sellerId: users.owner.id, status: 'paid' }),
  disputeOfOwner: () => plantDispute(app.db, { buyerId: users.owner.id }),
  async entitlement() {
    const seller = await createSeller(app.db);
    const cat = await createCategoryRow(app.db);
    const { listing } = await digitalListing(app.db, storage.dir, { sellerId: seller.id, categoryId: cat.id });
    const order = await paidDigitalOrder(app.db, { buyerId: users.owner.id, listing });
    return grant(app.db, order);
  },
};

/** The concrete URL of each page with a parameter, naming a thing of the owner's. */
const pages: Record<string, () => Promise<string>> = {
  'get /account/email-change/:token': async () => `/account/email-change/${'x'.repeat(43)}`,
  'get /password-reset/:token': async () => `/password-reset/${'x'.repeat(43)}`,
  'get /admin/users/:id': async () => `/admin/users/${users.owner.id}`,
  'get /admin/categories/:id': async () => `/admin/categories/${(await plant.category()).id}`,
  'get /seller/listings/:id': async () => `/seller/listings/${(await plant.listing()).id}`,
  'get /seller/listings/:id/edit': async () => `/seller/listings/${(await plant.listing()).id}/edit`,
  'get /seller/listings/:id/status': async () => `/seller/listings/${(await plant.listing()).id}/status`,
  'get /seller/listings/:id/deletion': async () => `/seller/listings/${(await plant.listing()).id}/deletion`,
  'get /seller/listings/:id/variants': async () => `/seller/listings/${(await plant.listing()).id}/variants`,
  'get /seller/listings/:id/images': async () => `/seller/listings/${(await plant.listing()).id}/images`,
  'get /seller/listings/:id/digital-file': async () => `/seller/listings/${(await plant.digital()).id}/digital-file`,
  'get /seller/listings/:id/boost': async () => `/seller/listings/${(await plant.listing({ status: 'active' })).id}/boost`,
  'get /media/:name': async () => `/media/${'a'.repeat(22)}.webp`,
  'get /shop-media/:name': async () => `/shop-media/${'a'.repeat(22)}.webp`,
  'get /admin/moderation/:id': async () => `/admin/moderation/${(await plant.listing({ status: 'pending' })).id}`,
  'get /c/:slug': async () => `/c/${(await plant.category()).slug}`,
  // a draft: nobody but its seller (and the admins who moderate) may know it exists
  'get /listings/:id': async () => `/listings/${(await plant.listing()).id}`,
  'get /listings/:id/:slug': async () => {
    const l = await plant.listing();
    return `/listings/${l.id}/${l.slug}`;
  },
  'get /shops/:slug': async () => `/shops/no-such-shop-${uniq()}`,
  'get /wallet/topups/:reference': async () => `/wallet/topups/${'t'.repeat(24)}`,
  'get /gateway/pay/:id': async () => `/gateway/pay/pay_${'x'.repeat(24)}`,
  'get /admin/payouts/reconciliation/runs/:id': async () => '/admin/payouts/reconciliation/runs/987654',
  'get /wallet/refunds/:id': async () => '/wallet/refunds/987654',
  'get /admin/boost-plans/:id': async () => {
    const [p] = await app.db('boost_plans').insert({ name: `Plan ${uniq()}`, duration_hours: 24, price: 300, weight: 3 }).returning('id');
    return `/admin/boost-plans/${p.id}`;
  },
  'get /orders/:orderId/receipt.pdf': async () => `/orders/${(await plant.boughtByOwner()).orderId}/receipt.pdf`,
  'get /seller-orders/:sellerOrderId/invoice.pdf': async () => `/seller-orders/${(await plant.soldByOwner()).sellerOrderId}/invoice.pdf`,
  'get /documents/:id.pdf': async () => '/documents/987654.pdf',
  'get /downloads/:id/file': async () => `/downloads/${(await plant.entitlement()).id}/file`,
  'get /orders/:id': async () => `/orders/${(await plant.boughtByOwner()).orderId}`,
  'get /seller/orders/:id': async () => `/seller/orders/${(await plant.soldByOwner()).sellerOrderId}`,
  'get /admin/orders/:id': async () => `/admin/orders/${(await plant.boughtByOwner()).orderId}`,
  'get /auctions/:id/bid-box': async () => `/auctions/${(await plant.listing({ kind: 'auction', status: 'active', start_price: 1000 })).id}/bid-box`,
  'get /auctions/:id/you': async () => `/auctions/${(await plant.listing({ kind: 'auction', status: 'active', start_price: 1000 })).id}/you`,
  'get /auctions/:id/selling': async () => `/auctions/${(await plant.listing({ kind: 'auction', status: 'active', start_price: 1000 })).id}/selling`,
  'get /auction-offers/:id': async () => '/auction-offers/987654',
  'get /admin/auctions/:id': async () => `/admin/auctions/${(await plant.listing({ kind: 'auction', status: 'active', start_price: 1000 })).id}`,
  'get /seller-orders/:id/dispute/new': async () => `/seller-orders/${(await plant.boughtByOwner()).sellerOrderId}/dispute/new`,
  'get /disputes/:id': async () => `/disputes/${(await plant.disputeOfOwner()).disputeId}`,
  'get /disputes/:id/thread': async () => `/disputes/${(await plant.disputeOfOwner()).disputeId}/thread`,
  'get /disputes/:id/status': async () => `/disputes/${(await plant.disputeOfOwner()).disputeId}/status`,
  'get /disputes/:id/messages/:messageId/photos/:n': async () => {
    const d = await plant.disputeOfOwner();
    const m = await app.db('dispute_messages').where({ dispute_id: d.disputeId }).first('id');
    return `/disputes/${d.disputeId}/messages/${m.id}/photos/0`;
  },
  'get /messages/:id': async () => `/messages/${(await plantConversation(app.db, users.owner.id)).id}`,
  'get /messages/:id/list': async () => `/messages/${(await plantConversation(app.db, users.owner.id)).id}/list`,
  'get /seller-orders/:id/conversation': async () => `/seller-orders/${(await plant.boughtByOwner()).sellerOrderId}/conversation`,
  'get /admin/conversations/:id': async () => `/admin/conversations/${(await plantConversation(app.db, users.owner.id, { reported: true })).id}`,
};

/** Forms: the CSRF test's fixtures, planted for the owner (they plant for whoever the context names). */
const forms: Record<string, Fixture> = {
  ...domainFixtures,
  ...ownFormFixtures(),
};

/** Signing up, in and out: planted here, as the CSRF test plants them in its own file. */
function ownFormFixtures(): Record<string, Fixture> {

  return {
    'post /users': async (db) => {
      const email = `authz-${uniq()}@example.test`;
      return { path: '/users', form: { email, display_name: 'New person', password: 'long enough password' }, state: async () => Boolean(await db('users').where({ email }).first()) };
    },
    'post /session': async () => ({ path: '/session', form: { email: 'nobody@example.test', password: 'wrong password here' }, state: async () => null }),
    'delete /session': async () => ({ path: '/session', form: {}, state: async () => null }),
  };
}

function answer(page: Page, method: string): string {
  const location = page.headers.get('location') ?? '';
  if (method === 'get' && page.status >= 300 && page.status < 400 && location.startsWith('/signin')) return 'in';
  if (method !== 'get' && page.status === 401) return 'in';
  if (page.status === 401) return 'in';
  if ([403, 404].includes(page.status) || page.status >= 500) return String(page.status);
  if (method === 'get') return page.status < 400 ? 'ok' : String(page.status);
  return 'ok';
}

const all = routes.map((r) => ({ key: `${r.method} ${r.path}`, method: r.method }));

describe('who may use each route', () => {
  it('has an expectation for every route', () => {
    const missing = all.filter((r) => !(r.key in expected)).map((r) => r.key);
    expect(missing, 'routes with no line in the authorization table').toEqual([]);
    const paramPages = all.filter((r) => r.method === 'get' && r.key.includes(':') && !(r.key in pages)).map((r) => r.key);
    expect(paramPages, 'pages with a parameter and no planted thing to name').toEqual([]);
    const noForm = all.filter((r) => r.method !== 'get' && !(r.key in forms)).map((r) => r.key);
    expect(noForm, 'forms with no fixture').toEqual([]);
  });

  for (const { key, method } of all) {
    it(`${key}: ${expected[key] ?? '(no entry)'}`, async () => {
      const line = expected[key];
      expect(line, `no line for ${key}`).toBeDefined();
      const want = Object.fromEntries(line.split(/\s+/).map((v, i) => [ROLES[i], v])) as Record<Role, string>;
      const got: Partial<Record<Role, string>> = {};
      const changed: Role[] = [];
      if (method === 'get') {
        const plantPage = pages[key];
        for (const role of ORDER) {
          const path = plantPage ? await plantPage() : key.slice(4);
          const c = SESSION_CHANGING.has(key) ? (role === 'visitor' ? await visitor() : await signedIn(role)) : clients[role];
          got[role] = answer(await c.get(path, { follow: false }), method);
        }
      } else {
        const fixture = forms[key];
        expect(fixture, `no form fixture for ${key}`).toBeDefined();
        const ownerClient = clients.owner;
        const k = await fixture(app.db, ownerClient, { app, admin: { id: users.owner.id, email: users.owner.email } });
        const verb = method.toUpperCase();
        // an auction's row is made on its first view: made now, so only what a request changes counts
        const auction = /^\/auctions\/(\d+)\//.exec(k.path);
        if (auction) await clients.owner.get(`/auctions/${auction[1]}/bid-box`);
        try {
          for (const role of ORDER) {
            const c = SESSION_CHANGING.has(key) ? (role === 'visitor' ? await visitor() : await signedIn(role)) : clients[role];
            const before = await k.state();
            const res = await c.post(k.path, k.form, { method: verb === 'POST' ? undefined : verb, follow: false });
            got[role] = answer(res, method);
            // a refusal changes nothing
            if (['in', '403', '404'].includes(got[role]!) && JSON.stringify(await k.state()) !== JSON.stringify(before)) changed.push(role);
          }
        } finally {
          await OWN_ACCOUNT[key]?.();
        }
      }
      const actual = ROLES.map((r) => got[r]).join(' ');
      expect(actual, `${key}: visitor buyer seller owner admin`).toBe(ROLES.map((r) => want[r]).join(' '));
      expect(changed, `${key}: refused but changed`).toEqual([]);
    });
  }
});
