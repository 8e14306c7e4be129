import type { Request, Response } from 'express';
import { ListingFormPage, ListingForm, NotSellerPage, type ListingFormProps } from '../../views/listings/form.js';
import { DeleteConfirmPage, ListingStatusBlock, SellerListingPage } from '../../views/listings/show.js';
import { VariantsPage } from '../../views/listings/variants.js';
import type { CurrentUser } from '../accounts/queries.js';
import { effectiveSchema } from '../catalog/categories.js';
import { allCategories } from '../catalog/queries.js';
import { receiveQuote } from '../commissions/receive.js';
import { services } from '../deps.js';
import { forbidden, notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { listingImages } from '../media/queries.js';
import { paths } from '../paths.js';
import { formValues, parseListingForm, valuesOf, type FormErrors, type FormValues } from './form.js';
import { deleteListing, pauseListing, resumeListing, submitListing, type LifecycleResult } from './lifecycle.js';
import { stockHistory } from './availability.js';
import { takeListingCreation } from './limits.js';
import { createListing, duplicateListing, editListing, editVariants } from './listings.js';
import * as policy from './policy.js';
import { categoryName, findListing, variantsOf, type ListingRow } from './queries.js';
import { axesOf, combinationCount, combinations, MAX_COMBINATIONS, parseVariantForm, type Axis, type VariantRowValues } from './variants.js';
import { kindTraits } from './kinds.js';

type Check = (u: CurrentUser | null | undefined, l: ListingRow) => boolean;

/**
 * The listing named in the URL, if the viewer may see it (404 otherwise, so
 * other sellers' listings are not revealed) and may do `check` with it (403).
 */
export async function listingFor(req: Request, check: Check = policy.canViewListing): Promise<ListingRow> {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That listing');
  const l = await findListing(services(req).db, id);
  if (!l || !policy.canViewListing(req.user, l)) throw notFound('That listing');
  if (!check(req.user, l)) throw forbidden('Only the listing’s seller can change it.');
  return l;
}

/** Back to the seller page the action came from (dashboard or listing), else the listing. */
function back(req: Request, fallback: string): string {
  const from = req.get('HX-Current-URL') ?? req.get('referer');
  if (!from) return fallback;
  try {
    const u = new URL(from);
    if (u.host === req.get('host') && u.pathname.startsWith(paths.sellerListings()) && !u.pathname.endsWith('/deletion')) return u.pathname + u.search;
  } catch {
    /* not a URL: use the fallback */
  }
  return fallback;
}

async function notSeller(req: Request, res: Response) {
  await render(req, res, { title: 'Only sellers can list things', status: 403, body: () => <NotSellerPage /> });
}

const categoryOf = (v: FormValues) => (/^\d{1,15}$/.test((v.category_id ?? '').trim()) ? Number(v.category_id) : null);

async function showForm(req: Request, res: Response, opts: { listing?: ListingRow; values: FormValues; errors: FormErrors; status?: number }) {
  const s = services(req);
  const categoryId = categoryOf(opts.values);
  const [categories, schema, variants, commission] = await Promise.all([
    allCategories(s.db),
    categoryId ? effectiveSchema(s.db, categoryId) : Promise.resolve([]),
    opts.listing ? variantsOf(s.db, opts.listing.id) : Promise.resolve([]),
    opts.listing ? receiveQuote(s.db, opts.listing) : Promise.resolve(null),
  ]);
  const props = (csrf: string): ListingFormProps => ({
    listing: opts.listing,
    categories,
    schema,
    axes: variants.length ? (opts.listing?.variant_axes ?? []) : [],
    hasVariants: variants.length > 0,
    values: opts.values,
    errors: opts.errors,
    csrf,
    currency: opts.listing?.currency ?? s.config.CURRENCY,
    commission,
  });
  await render(req, res, {
    title: opts.listing ? `Edit ${opts.listing.title}` : 'New listing',
    status: opts.status,
    body: (ctx) => <ListingFormPage {...props(ctx.csrf)} />,
    fragment: (ctx) => <ListingForm {...props(ctx.csrf)} />,
  });
}

async function afterLifecycle(req: Request, res: Response, l: ListingRow, result: LifecycleResult, done: string) {
  if (!result.ok) return redirect(req, res, back(req, paths.sellerListing(l.id)), { kind: 'error', text: result.message });
  redirect(req, res, back(req, paths.sellerListing(l.id)), { kind: 'info', text: done });
}

function chosenAxes(available: Axis[], raw: unknown, fallback: string[]): string[] {
  const list = raw === undefined ? fallback : (Array.isArray(raw) ? raw : [raw]).flatMap((x) => (typeof x === 'string' ? x.split(',') : []));
  const wanted = new Set(list.map((k) => k.trim()).filter(Boolean));
  // the category's order, so the same choice always gives the same table
  return available.filter((a) => wanted.has(a.key)).map((a) => a.key);
}

async function showVariants(req: Request, res: Response, l: ListingRow, axisKeys: string[], state: { rows?: Map<string, VariantRowValues>; errors?: Record<string, string>; status?: number } = {}) {
  const db = services(req).db;
  const [schema, existing] = await Promise.all([effectiveSchema(db, l.category_id), variantsOf(db, l.id)]);
  const available = axesOf(schema);
  const axes = axisKeys.map((k) => available.find((a) => a.key === k)!).filter(Boolean);
  const count = combinationCount(axes);
  const axesError = count > MAX_COMBINATIONS ? `These choices make ${count} combinations; choose fewer (at most ${MAX_COMBINATIONS}).` : undefined;
  const combos = axesError ? [] : combinations(axes);
  await render(req, res, {
    title: `Variants of ${l.title}`,
    status: state.status ?? (axesError ? 422 : 200),
    body: (ctx) => <VariantsPage listing={l} available={available} axes={axes} combos={combos} existing={existing} csrf={ctx.csrf} rows={state.rows} errors={state.errors} axesError={axesError} />,
  });
}

export const listingsController = {
  async newForm(req: Request, res: Response) {
    if (!policy.canCreateListing(req.user)) return notSeller(req, res);
    const values = formValues(req.query);
    await showForm(req, res, { values: { kind: 'fixed', stock: '1', ...values }, errors: {} });
  },

  async create(req: Request, res: Response) {
    if (!policy.canCreateListing(req.user)) return notSeller(req, res);
    const s = services(req);
    const values = formValues(req.body);
    if (values._choose) return showForm(req, res, { values, errors: {} });
    const categoryId = categoryOf(values);
    const schema = categoryId ? await effectiveSchema(s.db, categoryId) : [];
    const parsed = parseListingForm(values, schema, { axes: [], hasVariants: false });
    if (!parsed.ok) return showForm(req, res, { values, errors: parsed.errors, status: 422 });
    const limited = await takeListingCreation(req);
    if (limited) throw limited;
    const result = await createListing(s.db, req.user!.id, s.config.CURRENCY, parsed.data);
    if (!result.ok) return showForm(req, res, { values, errors: result.errors, status: 422 });
    redirect(req, res, paths.sellerListing(result.listing.id), { kind: 'info', text: 'Draft saved. Add images, then submit it for review.' });
  },

  async show(req: Request, res: Response) {
    const l = await listingFor(req);
    const db = services(req).db;
    const owner = policy.canEditListing(req.user, l);
    const [schema, variants, images, category, commission, movements] = await Promise.all([
      effectiveSchema(db, l.category_id),
      variantsOf(db, l.id),
      listingImages(db, l.id),
      categoryName(db, l.category_id),
      owner ? receiveQuote(db, l) : Promise.resolve(null),
      owner && kindTraits[l.kind].stock ? stockHistory(db, l.id) : Promise.resolve(null),
    ]);
    await render(req, res, {
      title: l.title,
      body: (ctx) => (
        <SellerListingPage
          listing={l}
          categoryName={category?.name ?? ''}
          schema={schema}
          variants={variants}
          images={images}
          csrf={ctx.csrf}
          nowMs={clock.nowMs()}
          owner={owner}
          commission={commission}
          movements={movements}
          viewerId={req.user!.id}
        />
      ),
    });
  },

  async status(req: Request, res: Response) {
    const l = await listingFor(req);
    const owner = policy.canEditListing(req.user, l);
    await render(req, res, { title: l.title, body: (ctx) => <ListingStatusBlock listing={l} csrf={ctx.csrf} nowMs={clock.nowMs()} owner={owner} /> });
  },

  async editForm(req: Request, res: Response) {
    const l = await listingFor(req, policy.canEditListing);
    await showForm(req, res, { listing: l, values: valuesOf(l), errors: {} });
  },

  async update(req: Request, res: Response) {
    const l = await listingFor(req, policy.canEditListing);
    const s = services(req);
    const values = formValues(req.body);
    if (values._choose) return showForm(req, res, { listing: l, values, errors: {} });
    const categoryId = categoryOf(values);
    const [schema, variants] = await Promise.all([categoryId ? effectiveSchema(s.db, categoryId) : Promise.resolve([]), variantsOf(s.db, l.id)]);
    const parsed = parseListingForm(values, schema, { axes: variants.length ? l.variant_axes : [], hasVariants: variants.length > 0 });
    if (!parsed.ok) return showForm(req, res, { listing: l, values, errors: parsed.errors, status: 422 });
    const result = await editListing(s.db, l.id, parsed.data, parsed.stockWas);
    if (!result.ok) return showForm(req, res, { listing: l, values, errors: result.errors, status: 422 });
    const text = result.review ? 'Saved. These changes go to a moderator before the listing is public again.' : 'Saved.';
    redirect(req, res, paths.sellerListing(l.id), { kind: 'info', text });
  },

  async confirmDelete(req: Request, res: Response) {
    const l = await listingFor(req, policy.canDeleteListing);
    await render(req, res, { title: 'Delete listing', body: (ctx) => <DeleteConfirmPage listing={l} csrf={ctx.csrf} /> });
  },

  async destroy(req: Request, res: Response) {
    const l = await listingFor(req, policy.canDeleteListing);
    const result = await deleteListing(services(req).db, l.id);
    if (!result.ok) return redirect(req, res, paths.sellerListing(l.id), { kind: 'error', text: result.message });
    redirect(req, res, paths.sellerListings(), { kind: 'info', text: `“${l.title}” was deleted.` });
  },

  async submit(req: Request, res: Response) {
    const l = await listingFor(req, policy.canSubmitListing);
    await afterLifecycle(req, res, l, await submitListing(services(req).db, l.id), 'Submitted. A moderator will review it soon.');
  },

  async pause(req: Request, res: Response) {
    const l = await listingFor(req, policy.canPauseListing);
    await afterLifecycle(req, res, l, await pauseListing(services(req).db, l.id), 'Paused. Buyers no longer see it.');
  },

  async resume(req: Request, res: Response) {
    const l = await listingFor(req, policy.canResumeListing);
    await afterLifecycle(req, res, l, await resumeListing(services(req).db, l.id), 'Resumed. Buyers see it again.');
  },

  async duplicate(req: Request, res: Response) {
    const l = await listingFor(req, policy.canDuplicateListing);
    const limited = await takeListingCreation(req);
    if (limited) throw limited;
    const result = await duplicateListing(services(req).db, l.id);
    if (!result.ok) return redirect(req, res, back(req, paths.sellerListing(l.id)), { kind: 'error', text: Object.values(result.errors)[0] });
    redirect(req, res, paths.editListing(result.listing.id), { kind: 'info', text: 'Copied as a new draft. Images are not copied; add them on its page.' });
  },

  async variantsForm(req: Request, res: Response) {
    const l = await listingFor(req, policy.canEditListing);
    if (!kindTraits[l.kind].stock) return redirect(req, res, paths.sellerListing(l.id), { kind: 'error', text: 'Only fixed-price listings have variants.' });
    const available = axesOf(await effectiveSchema(services(req).db, l.category_id));
    await showVariants(req, res, l, chosenAxes(available, req.query.axes, l.variant_axes));
  },

  async saveVariants(req: Request, res: Response) {
    const l = await listingFor(req, policy.canEditListing);
    const db = services(req).db;
    const available = axesOf(await effectiveSchema(db, l.category_id));
    const keys = chosenAxes(available, typeof req.body?.axes === 'string' ? req.body.axes : '', []);
    const axes = keys.map((k) => available.find((a) => a.key === k)!);
    if (combinationCount(axes) > MAX_COMBINATIONS) return showVariants(req, res, l, keys);
    const parsed = parseVariantForm(axes, (req.body ?? {}) as Record<string, unknown>);
    if (!parsed.ok) return showVariants(req, res, l, keys, { rows: parsed.rows, errors: parsed.errors, status: 422 });
    const result = await editVariants(db, l.id, keys, parsed.variants);
    if (!result.ok) return showVariants(req, res, l, keys, { rows: parsed.rows, errors: result.errors, status: 422 });
    const n = parsed.variants.length;
    const text = `${n === 0 ? 'Variants removed.' : `Saved ${n} variant${n === 1 ? '' : 's'}.`}${result.review ? ' A price changed by more than 20%, so a moderator reviews the listing again.' : ''}`;
    redirect(req, res, paths.sellerListing(l.id), { kind: 'info', text });
  },
};
