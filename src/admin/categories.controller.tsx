import type { Request, Response } from 'express';
import { CategoriesPage, CategoryPage, type FormState } from '../../views/admin/categories.js';
import {
  addAttribute,
  attributeSchema,
  categorySchema,
  createCategory,
  effectiveSchema,
  moveCategory,
  moveSchema,
  removeAttribute,
  renameCategory,
  renameSchema,
  restoreCategory,
  retireCategory,
  type CatalogResult,
} from '../catalog/categories.js';
import { allCategories, ancestorIds, findCategory, subtreeIds } from '../catalog/queries.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';

async function showTree(req: Request, res: Response, status = 200, state?: FormState) {
  const categories = await allCategories(services(req).db);
  await render(req, res, { title: 'Categories', status, body: (ctx) => <CategoriesPage categories={categories} csrf={ctx.csrf} state={state} /> });
}

async function showCategory(req: Request, res: Response, id: number, status = 200, state?: FormState) {
  const db = services(req).db;
  const category = await findCategory(db, id);
  if (!category) throw notFound('That category');
  const [categories, chain, subtree, schema] = await Promise.all([allCategories(db), ancestorIds(db, id), subtreeIds(db, id), effectiveSchema(db, id)]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path = chain
    .slice(1)
    .reverse()
    .map((a) => byId.get(a)!)
    .filter(Boolean);
  await render(req, res, {
    title: category.name,
    status,
    body: (ctx) => <CategoryPage category={category} path={path} categories={categories} subtree={subtree} schema={schema} csrf={ctx.csrf} state={state} />,
  });
}

function categoryId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That category');
  return id;
}

/** After a rule: PRG with a flash, or the page again with the refusal beside its field. */
async function after(req: Request, res: Response, id: number, form: FormState['form'], values: Record<string, string>, result: CatalogResult<unknown>, done: string) {
  if (!result.ok) return showCategory(req, res, id, 422, { form, values, errors: { [result.field]: result.message } });
  redirect(req, res, paths.adminCategory(id), { kind: 'info', text: done });
}

const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
};

export const categoriesController = {
  index: (req: Request, res: Response) => showTree(req, res),

  async show(req: Request, res: Response) {
    await showCategory(req, res, categoryId(req));
  },

  async create(req: Request, res: Response) {
    const parsed = parseForm(categorySchema, req.body);
    if (!parsed.ok) return showTree(req, res, 422, { form: 'create', values: parsed.values, errors: parsed.errors });
    const result = await createCategory(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showTree(req, res, 422, { form: 'create', values: valuesOf(req.body), errors: { [result.field]: result.message } });
    redirect(req, res, paths.adminCategories(), { kind: 'info', text: 'Category created.' });
  },

  async rename(req: Request, res: Response) {
    const id = categoryId(req);
    const parsed = parseForm(renameSchema, req.body);
    if (!parsed.ok) return showCategory(req, res, id, 422, { form: 'rename', values: parsed.values, errors: parsed.errors });
    const result = await renameCategory(services(req).db, req.user!.id, id, parsed.data.name);
    await after(req, res, id, 'rename', valuesOf(req.body), result, 'Category renamed.');
  },

  async move(req: Request, res: Response) {
    const id = categoryId(req);
    const parsed = parseForm(moveSchema, req.body);
    if (!parsed.ok) return showCategory(req, res, id, 422, { form: 'move', values: parsed.values, errors: parsed.errors });
    const result = await moveCategory(services(req).db, req.user!.id, id, parsed.data.parent_id);
    await after(req, res, id, 'move', valuesOf(req.body), result, 'Category moved.');
  },

  async retire(req: Request, res: Response) {
    const id = categoryId(req);
    await after(req, res, id, 'retire', {}, await retireCategory(services(req).db, req.user!.id, id), 'Category retired.');
  },

  async restore(req: Request, res: Response) {
    const id = categoryId(req);
    await after(req, res, id, 'retire', {}, await restoreCategory(services(req).db, req.user!.id, id), 'Category restored.');
  },

  async addAttribute(req: Request, res: Response) {
    const id = categoryId(req);
    const parsed = parseForm(attributeSchema, req.body);
    if (!parsed.ok) return showCategory(req, res, id, 422, { form: 'attribute', values: parsed.values, errors: parsed.errors });
    const result = await addAttribute(services(req).db, req.user!.id, id, parsed.data);
    await after(req, res, id, 'attribute', valuesOf(req.body), result, 'Attribute added.');
  },

  async removeAttribute(req: Request, res: Response) {
    const id = categoryId(req);
    const attributeId = idParam(req.params.attributeId);
    if (!attributeId) throw notFound('That attribute');
    await after(req, res, id, 'remove', {}, await removeAttribute(services(req).db, req.user!.id, id, attributeId), 'Attribute removed.');
  },
};
