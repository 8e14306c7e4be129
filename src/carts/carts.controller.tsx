import type { Request, Response } from 'express';
import { AddToCart, AddToCartPage, type AddToCartProps } from '../../views/carts/add-to-cart.js';
import { Cart, CartPage, type LineError } from '../../views/carts/cart.js';
import { CartCount } from '../../views/carts/cart-count.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { unitsOnSale } from '../listings/availability.js';
import { kindTraits } from '../listings/kinds.js';
import { addSchema, addToCart, CartRefused, changeQuantity, quantitySchema, removeLine, today } from './carts.js';
import { cartOwner, cartOwnerForChange, headerCartOwner, markVisitorCart } from './owner.js';
import { cartCount, cartListing, findCart, findLine, hasVariants, type CartListing, type CartOwner } from './queries.js';
import { cartView } from './view.js';

const htmxFragment = (req: Request) => req.htmx.request && !req.htmx.boosted;

/** A visitor's marker cookie follows their cart (see owner.ts); returns the header count. */
async function afterChange(req: Request, res: Response, owner: CartOwner): Promise<number> {
  const s = services(req);
  const n = await cartCount(s.db, owner);
  if (owner.visitorId !== undefined) markVisitorCart(req, res, s.config, n);
  return n;
}

/** The cart: the page for a plain request, the `#cart` partial with the header count out of band for htmx. */
async function showCart(req: Request, res: Response, opts: { status?: number; error?: LineError; message?: string } = {}) {
  const s = services(req);
  const owner = cartOwner(req, s.config);
  const view = await cartView(s.db, owner ?? {});
  if (owner?.visitorId !== undefined) markVisitorCart(req, res, s.config, view.lines.length);
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: 'Your cart',
    status: opts.status,
    body: (ctx) => <CartPage view={view} csrf={ctx.csrf} error={opts.error} message={opts.message} />,
    fragment: (ctx) => (
      <>
        <Cart view={view} csrf={ctx.csrf} error={opts.error} message={opts.message} />
        <CartCount count={view.count} live={Boolean(ctx.user)} oob />
      </>
    ),
  });
}

/** The add-to-cart box again (with the outcome or the errors): a page of its own without JavaScript, the bare box for htmx. */
async function showAddBox(req: Request, res: Response, listing: CartListing, opts: { status?: number; values?: Record<string, string>; errors?: FieldErrors; added?: string; count?: number }) {
  const db = services(req).db;
  const stocked = kindTraits[listing.kind].stock;
  const [{ left, variants }, withVariants] = await Promise.all([unitsOnSale(db, listing), stocked ? hasVariants(db, listing.id) : Promise.resolve(false)]);
  const props = (csrf: string): AddToCartProps => ({
    listing,
    variants,
    hasVariants: withVariants,
    soldOut: listing.status === 'sold_out' || (withVariants ? variants.length === 0 : left !== null && left <= 0),
    viewerId: req.user?.id ?? null,
    csrf,
    today: today(),
    values: opts.values,
    errors: opts.errors,
    added: opts.added,
  });
  await render(req, res, {
    title: `Add ${listing.title} to your cart`,
    status: opts.status,
    body: (ctx) => <AddToCartPage {...props(ctx.csrf)} />,
    fragment: (ctx) => (
      <>
        <AddToCart {...props(ctx.csrf)} />
        {opts.count !== undefined ? <CartCount count={opts.count} live={Boolean(ctx.user)} oob /> : ''}
      </>
    ),
  });
}

function lineId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That cart line');
  return id;
}

/** The line, if it is in the requester's own cart: anyone else's reads as missing. */
async function ownLine(req: Request, id: number): Promise<CartOwner> {
  const s = services(req);
  const owner = cartOwner(req, s.config);
  const cart = owner ? await findCart(s.db, owner) : undefined;
  if (!owner || !cart || !(await findLine(s.db, cart.id, id))) throw notFound('That cart line');
  return owner;
}

/** What the buyer typed, to show the form again with it. */
const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
};

const quantityText = (body: unknown) => {
  const q = (body as Record<string, unknown> | undefined)?.quantity;
  return typeof q === 'string' ? q : '';
};

export const cartsController = {
  show: (req: Request, res: Response) => showCart(req, res),

  /** The header count, re-fetched live; visitors without a cart need no lookup. */
  async count(req: Request, res: Response) {
    const s = services(req);
    const owner = headerCartOwner(req, s.config);
    const n = owner ? await cartCount(s.db, owner) : 0;
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <CartCount count={n} live={Boolean(req.user)} />);
  },

  async add(req: Request, res: Response) {
    const s = services(req);
    const listingId = idParam(typeof req.body?.listing_id === 'string' ? req.body.listing_id.trim() : undefined);
    const listing = listingId ? await cartListing(s.db, listingId) : undefined;
    if (!listing) throw notFound('That listing');
    const parsed = parseForm(addSchema, req.body);
    if (!parsed.ok) return showAddBox(req, res, listing, { status: 422, values: parsed.values, errors: parsed.errors });
    const owner = cartOwnerForChange(req, res, s.config);
    try {
      const added = await addToCart(s.db, owner, parsed.data);
      const count = await afterChange(req, res, owner);
      const text = added.already ? `“${listing.title}” is in your cart already.` : `Added “${listing.title}” to your cart.`;
      if (htmxFragment(req)) return showAddBox(req, res, listing, { added: text, count });
      redirect(req, res, paths.cart(), { kind: 'info', text });
    } catch (err) {
      if (!(err instanceof CartRefused)) throw err;
      if (err.status === 404) throw notFound('That listing');
      await showAddBox(req, res, listing, { status: err.status, values: valuesOf(req.body), errors: { [err.field]: err.message } });
    }
  },

  async update(req: Request, res: Response) {
    const id = lineId(req);
    const owner = await ownLine(req, id);
    const s = services(req);
    const parsed = parseForm(quantitySchema, req.body);
    if (!parsed.ok) return showCart(req, res, { status: 422, error: { lineId: id, value: quantityText(req.body), message: parsed.errors.quantity ?? 'Enter a quantity.' } });
    try {
      const { removed } = await changeQuantity(s.db, owner, id, parsed.data.quantity);
      await afterChange(req, res, owner);
      if (htmxFragment(req)) return showCart(req, res);
      redirect(req, res, paths.cart(), { kind: 'info', text: removed ? 'Removed from your cart.' : 'Quantity updated.' });
    } catch (err) {
      if (!(err instanceof CartRefused)) throw err;
      if (err.status === 404) throw notFound('That cart line');
      await showCart(req, res, { status: err.status, error: { lineId: id, value: quantityText(req.body), message: err.message } });
    }
  },

  async remove(req: Request, res: Response) {
    const id = lineId(req);
    const owner = await ownLine(req, id);
    const s = services(req);
    try {
      await removeLine(s.db, owner, id);
    } catch (err) {
      if (err instanceof CartRefused && err.status === 404) throw notFound('That cart line');
      throw err;
    }
    await afterChange(req, res, owner);
    if (htmxFragment(req)) return showCart(req, res);
    redirect(req, res, paths.cart(), { kind: 'info', text: 'Removed from your cart.' });
  },
};
