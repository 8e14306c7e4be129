import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createApplication, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { parse } from 'node-html-parser';
import { Client, text } from '../http.js';
import { fundBuyer, placePaidOrder } from '../orders/helpers.js';
import { writeAboutListing } from '../../src/conversations/conversations.js';
import { ensureAuction } from '../../src/auctions/queries.js';

/**
 * The main pages, as a visitor, a buyer, a seller and an admin see them, are
 * valid HTML by the Nu checker (vnu), apart from htmx's own attributes
 * (hx-*, sse-*), which no HTML standard knows. All pages go through one Java
 * process.
 */

const VNU_JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
/** messages about htmx's attributes, which the checker cannot know */
const HTMX_ATTRIBUTE = /“(hx|sse)-[a-z-]+”/;

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

async function validate(pages: { name: string; html: string }[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'souk-vnu-'));
  try {
    const files: string[] = [];
    const names = new Map<string, string>();
    for (const [i, p] of pages.entries()) {
      const file = path.join(dir, `page-${i}.html`);
      await writeFile(file, p.html);
      files.push(file);
      names.set(`page-${i}.html`, p.name);
    }
    const { stderr, stdout } = await promisify(execFile)('java', ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 64 * 1024 * 1024 });
    const { messages } = JSON.parse(stderr || stdout) as { messages: VnuMessage[] };
    return messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .filter((m) => !HTMX_ATTRIBUTE.test(m.message))
      .map((m) => `${names.get(path.basename(m.url)) ?? m.url}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` — ${m.extract.trim().slice(0, 120)}` : ''}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000' } });
});
afterAll(() => app?.stop());

describe('valid HTML (Nu checker)', () => {
  it('the main pages for a visitor, a buyer, a seller and an admin have no errors but htmx attributes, and no empty buttons', async () => {
    const db = app.db;
    const category = await createCategoryRow(db, { name: 'Lamps', attributes: [{ key: 'material', label: 'Material', type: 'enum', options: ['brass', 'glass'], filterable: true }] });
    const seller = await createSeller(db, { shop_name: 'Brass & Glass' });
    const listing = await createListing(db, { seller_id: seller.id, category_id: category.id, title: 'Brass reading lamp', attributes: { material: 'brass' } });
    const auction = await createListing(db, { seller_id: seller.id, category_id: category.id, title: 'Glass pendant lamp', kind: 'auction', stock: null, price: null });
    await createListing(db, { seller_id: seller.id, category_id: category.id, title: 'Draft desk lamp', status: 'draft' });
    const buyer = await createUser(db, { display_name: 'Bea Buyer' });
    const admin = await createAdmin(db);
    const applicant = await createUser(db);
    await createApplication(db, applicant.id, { shop_name: 'Quiet Quilts' });
    const placed = await placePaidOrder(db, { buyer, seller, listing });
    await fundBuyer(db, buyer.id, 10_000);
    const shop = (await db('sellers').where({ user_id: seller.id }).first()) as { slug?: string } | undefined;
    const phone = await createListing(db, { seller_id: seller.id, category_id: category.id, title: 'Glass iphone lamp' });
    const talk = await writeAboutListing(db, { buyerId: buyer.id, sellerId: seller.id, listingId: phone.id }, 'Is the glass <b>hand blown</b>?');
    if (!talk.ok) throw new Error('the conversation was not opened');
    await ensureAuction(db, auction.id);

    const pages: { name: string; html: string }[] = [];
    const visit = async (who: string, c: Client, url: string) => {
      const page = await c.get(url);
      expect(page.status, `${who} ${url}`).toBe(200);
      pages.push({ name: `${who} ${url}`, html: page.html });
    };

    const visitor = new Client(app.baseUrl);
    for (const url of ['/', '/search', '/search?q=lamp', `/c/${category.slug}`, `/listings/${listing.id}`, `/listings/${auction.id}`, '/cart', '/signin', '/signup', '/password-reset', '/help', '/terms', '/privacy', '/search?q=iphne', '/search?q=iphne&exact=1', ...(shop?.slug ? [`/shops/${shop.slug}`] : [])]) await visit('visitor', visitor, url);

    const b = new Client(app.baseUrl);
    await b.signIn(buyer.email, buyer.password);
    await b.get(`/listings/${listing.id}`);
    await b.post('/cart/lines', { listing_id: String(listing.id), quantity: '1' });
    for (const url of ['/', '/cart', '/checkout', '/orders', `/orders/${placed.order.id}`, '/wallet', '/favourites', '/saved-searches', '/notifications', '/account/bids', '/seller/application', '/account/settings', '/account/notifications', '/account/auction-strikes', '/messages', `/messages/${talk.conversationId}`]) await visit('buyer', b, url);

    const s = new Client(app.baseUrl);
    await s.signIn(seller.email, seller.password);
    for (const url of ['/seller/listings', '/seller/listings/new', `/seller/listings/${listing.id}`, '/seller/orders', `/seller/orders/${placed.sellerOrder.id}`, '/seller/auctions', '/wallet/payouts', '/seller/shop', `/auctions/${auction.id}/selling`, `/listings/${auction.id}`]) await visit('seller', s, url);

    const a = new Client(app.baseUrl);
    await a.signIn(admin.email, admin.password);
    for (const url of [
      '/admin',
      '/admin/emails',
      '/admin/search/synonyms',
      '/admin/conversations/reported',
      `/admin/auctions/${auction.id}`,
      `/listings/${auction.id}`,
      '/admin/moderation',
      '/admin/seller-applications',
      '/admin/users',
      `/admin/users/${buyer.id}`,
      '/admin/categories',
      `/admin/categories/${category.id}`,
      '/admin/finance',
      '/admin/boost-plans',
      '/admin/commissions',
      '/admin/auctions/increments',
      '/admin/orders',
      '/admin/disputes',
      '/admin/payouts',
      '/admin/payouts/reconciliation',
      '/admin/refunds',
      '/admin/downloads',
    ])
      await visit('admin', a, url);

    expect(await validate(pages)).toEqual([]);
    // no stray empty buttons: each says what it does, in words or in its label
    const empty = pages.flatMap((p) =>
      parse(p.html)
        .querySelectorAll('button, a.button')
        .filter((b) => !text(b) && !b.getAttribute('aria-label') && !b.getAttribute('aria-labelledby'))
        .map((b) => `${p.name}: ${b.outerHTML.slice(0, 120)}`),
    );
    expect(empty).toEqual([]);
    // about sixty pages rendered and checked by one Java process: far longer than a request test
  }, 180_000);
});
