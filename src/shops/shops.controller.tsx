import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { ShopEditPage } from '../../views/shops/edit.js';
import { ShopListings } from '../../views/shops/shop-listings.js';
import { ShopPage } from '../../views/shops/show.js';
import { services } from '../deps.js';
import { forbidden, notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { MediaRefusal } from '../media/images.js';
import { coverImages } from '../media/queries.js';
import { storeFor } from '../media/storage.js';
import { replaceShopImage, shapeShopImage, type ShopImageKind } from './images.js';
import { shopsPaths } from './paths.js';
import { findShopBySlug, findShopOfSeller, isShopImage, recentReviews, shopListings, shopRating, type ShopRow } from './queries.js';
import { saveShop, SHOP_PAGE_SIZE, shopQuery, shopSchema } from './shops.js';
import { uploadedShopImages } from './uploads.js';

// a slug as the migration makes them; anything else is no shop, without asking the database
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// public picture names as `shopsPaths.shopMedia` makes them
const MEDIA_NAME = /^[A-Za-z0-9_-]{22,64}\.webp$/;
const NOT_A_SELLER = 'Only sellers have a shop. Apply to sell first.';

/** The signed-in seller's own shop; the route has no id, so nobody can name another seller's shop. */
async function ownShop(req: Request): Promise<ShopRow> {
  if (!req.user?.is_seller) throw forbidden(NOT_A_SELLER);
  const shop = await findShopOfSeller(services(req).db, req.user.id);
  if (!shop) throw forbidden(NOT_A_SELLER);
  return shop;
}

const formValues = (s: ShopRow) => ({ shop_name: s.shop_name, description: s.description, shipping_policy: s.shipping_policy, returns_policy: s.returns_policy });

async function showForm(req: Request, res: Response, shop: ShopRow, status: number, values: Record<string, string>, errors?: FieldErrors) {
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: 'Your shop',
    status,
    body: (ctx) => <ShopEditPage csrf={ctx.csrf} shop={shop} values={values} errors={errors} maxBytes={services(req).config.UPLOAD_MAX_BYTES} />,
  });
}

export const shopsController = {
  /** GET a shop's public page; with htmx, only its listings (a search or another page). */
  async show(req: Request, res: Response) {
    const { db, config } = services(req);
    const slug = String(req.params.slug ?? '');
    const shop = SLUG.test(slug) ? await findShopBySlug(db, slug) : undefined;
    // a blocked seller's shop is closed like its listings
    if (!shop || shop.blocked) throw notFound('That shop');
    const now = clock.now();
    const { q, page } = shopQuery(req.query as Record<string, unknown>);
    const found = await shopListings(db, shop.user_id, { q, offset: (page - 1) * SHOP_PAGE_SIZE, limit: SHOP_PAGE_SIZE, now });
    const pages = Math.max(1, Math.ceil(found.total / SHOP_PAGE_SIZE));
    if (page > pages && found.total > 0) throw notFound('That page of the shop');
    const [covers, rating, reviews] = await Promise.all([
      coverImages(
        db,
        found.tiles.map((t) => t.id),
      ),
      shopRating(db, shop.user_id),
      recentReviews(db, shop.user_id),
    ]);
    const listings = { slug: shop.slug, shopName: shop.shop_name, q, page, pages, total: found.total, tiles: found.tiles, covers };
    await render(req, res, {
      title: q ? `${shop.shop_name}: “${q}”` : shop.shop_name,
      description: shop.description.replace(/\s+/g, ' ').slice(0, 160),
      canonical: config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${shopsPaths.shop(shop.slug)}` : undefined,
      body: (ctx) => <ShopPage shop={shop} rating={rating} reviews={reviews} listings={listings} currency={config.CURRENCY} now={now} own={ctx.user?.id === shop.user_id} />,
      fragment: () => <ShopListings {...listings} />,
    });
  },

  /** GET the seller's shop form. */
  async edit(req: Request, res: Response) {
    const shop = await ownShop(req);
    await showForm(req, res, shop, 200, formValues(shop));
  },

  /** POST the shop form (multipart with a logo and a banner, or urlencoded without them). */
  async save(req: Request, res: Response) {
    const shop = await ownShop(req);
    const s = services(req);
    const refusal = res.locals.shopUploadRefusal as { field: string; message: string } | undefined;
    const parsed = parseForm(shopSchema, req.body);
    if (refusal) return showForm(req, res, shop, 413, parsed.ok ? formValues({ ...shop, ...parsed.data }) : parsed.values, { [refusal.field]: refusal.message });
    if (!parsed.ok) return showForm(req, res, shop, 422, parsed.values, parsed.errors);
    const input = parsed.data;
    const values = { shop_name: input.shop_name, description: input.description, shipping_policy: input.shipping_policy, returns_policy: input.returns_policy };

    // pictures are read before anything is saved, so a bad file changes nothing
    const files = uploadedShopImages(req);
    const shaped: Partial<Record<ShopImageKind, Buffer>> = {};
    const errors: FieldErrors = {};
    for (const which of ['logo', 'banner'] as const) {
      const f = files[which];
      if (!f) continue;
      try {
        shaped[which] = await shapeShopImage(f.buffer, which, f.name);
      } catch (err) {
        if (!(err instanceof MediaRefusal)) throw err;
        errors[which] = err.message;
      }
    }
    if (Object.keys(errors).length > 0) return showForm(req, res, shop, 422, values, errors);

    const saved = await saveShop(s.db, shop.user_id, values);
    if (!saved.ok) return showForm(req, res, shop, 422, values, { [saved.field]: saved.message });
    const store = storeFor(s.config);
    for (const which of ['logo', 'banner'] as const) {
      const remove = which === 'logo' ? input.remove_logo : input.remove_banner;
      if (shaped[which]) await replaceShopImage(s.db, store, shop.user_id, which, shaped[which]);
      else if (remove) await replaceShopImage(s.db, store, shop.user_id, which, null);
    }
    redirect(req, res, shopsPaths.sellerShop(), { kind: 'info', text: 'Your shop was saved.' });
  },

  /** GET a shop's logo or banner. Only files a shop points at are served from here. */
  async media(req: Request, res: Response) {
    const { db, config } = services(req);
    const name = String(req.params.name ?? '');
    if (!MEDIA_NAME.test(name)) throw notFound('That image');
    const key = `img/${name}`;
    if (!(await isShopImage(db, key))) throw notFound('That image');
    const etag = `"${name}"`;
    if (req.get('if-none-match') === etag) {
      res.set({ 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag }).status(304).end();
      return;
    }
    const obj = await storeFor(config).get(key);
    if (!obj) throw notFound('That image');
    // a new picture gets a new key, so the bytes behind a URL never change
    res.set({ 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag, 'Content-Type': 'image/webp', 'Content-Length': String(obj.bytes) });
    await pipeline(obj.stream, res);
  },
};
