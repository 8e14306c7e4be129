import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import {
  ancestorIds,
  attributesIn,
  deleteAttribute,
  findAttribute,
  findCategory,
  insertAttribute,
  insertCategory,
  lockCatalog,
  nextPosition,
  schemaFor,
  slugTaken,
  subtreeIds,
  updateCategory,
  type AttributeRow,
  type AttributeType,
  type CategoryRow,
  type SchemaAttribute,
} from './queries.js';

const parentField = z
  .string()
  .trim()
  .regex(/^(\d{1,15})?$/, 'Choose a parent from the list.')
  .optional()
  .transform((v) => (v ? Number(v) : null));

const nameField = z.string().trim().min(1, 'Give the category a name.').max(80, 'Use at most 80 characters.');

export const categorySchema = z.object({ name: nameField, parent_id: parentField });
export const renameSchema = z.object({ name: nameField });
export const moveSchema = z.object({ parent_id: parentField });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

export const attributeSchema = z
  .object({
    label: z.string().trim().min(1, 'Give the attribute a label.').max(60, 'Use at most 60 characters.'),
    key: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lowercase letters, digits and underscores, starting with a letter (at most 40).'),
    type: z.enum(['text', 'number', 'enum', 'boolean'], 'Choose a type.'),
    unit: z.string().trim().max(12, 'Use at most 12 characters.').optional().default(''),
    options: z.string().trim().max(2000, 'Use at most 2000 characters.').optional().default(''),
    required: checkbox,
    filterable: checkbox,
  })
  .superRefine((a, ctx) => {
    if (a.unit && a.type !== 'number') ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Only number attributes have a unit.' });
    const options = splitOptions(a.options);
    if (a.type === 'enum') {
      if (options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'List at least one option, separated by commas.' });
      else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each option may appear only once.' });
      else if (options.some((o) => o.length > 60)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Keep each option under 60 characters.' });
    } else if (options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only enum attributes have options.' });
    }
  })
  .transform((a) => ({ ...a, unit: a.unit || null, options: a.type === 'enum' ? splitOptions(a.options) : null }));

export type AttributeInput = z.infer<typeof attributeSchema>;

export function splitOptions(s: string): string[] {
  return s
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

export type CatalogResult<T = undefined> = { ok: true; value: T } | { ok: false; field: string; message: string };

const fail = (field: string, message: string) => ({ ok: false, field, message }) as const;

/** A URL slug from a name, unique among categories (a numeric suffix when needed). */
async function uniqueSlug(trx: Knex.Transaction, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'category';
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await slugTaken(trx, slug))) return slug;
  }
}

/** Keys defined anywhere in the given categories, lowercase. */
async function keysIn(trx: Knex.Transaction, ids: number[]): Promise<Map<string, AttributeRow>> {
  const rows = await attributesIn(trx, ids);
  return new Map(rows.map((r) => [r.key, r]));
}

/** A parent must exist and be in use. */
async function checkParent(trx: Knex.Transaction, parentId: number | null): Promise<CatalogResult<CategoryRow | null>> {
  if (parentId === null) return { ok: true, value: null };
  const parent = await findCategory(trx, parentId);
  if (!parent) return fail('parent_id', 'That parent category does not exist.');
  const chain = await ancestorIds(trx, parentId);
  const rows = await trx('categories').whereIn('id', chain).whereNotNull('retired_at').first('id');
  if (rows) return fail('parent_id', 'That parent category is retired; restore it first.');
  return { ok: true, value: parent };
}

export async function createCategory(db: Knex, adminId: number, input: { name: string; parent_id: number | null }): Promise<CatalogResult<CategoryRow>> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const parent = await checkParent(trx, input.parent_id);
    if (!parent.ok) return parent;
    const category = await insertCategory(trx, {
      parent_id: input.parent_id,
      name: input.name,
      slug: await uniqueSlug(trx, input.name),
      position: await nextPosition(trx, input.parent_id),
    });
    await audit(trx, { actorId: adminId, action: 'category.create', subjectType: 'category', subjectId: category.id, after: { name: category.name, parent_id: category.parent_id } });
    return { ok: true, value: category } as const;
  });
}

/** Renames a category; its slug stays, so links to it keep working. */
export async function renameCategory(db: Knex, adminId: number, id: number, name: string): Promise<CatalogResult> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const c = await findCategory(trx, id);
    if (!c) return fail('form', 'No such category.');
    if (c.name === name) return { ok: true, value: undefined } as const;
    await updateCategory(trx, id, { name });
    await audit(trx, { actorId: adminId, action: 'category.rename', subjectType: 'category', subjectId: id, before: { name: c.name }, after: { name } });
    return { ok: true, value: undefined } as const;
  });
}

/**
 * Moves a category (with its subtree) under another parent, or to the top.
 * Refuses a move under itself or its own descendant, and a move that would make
 * an attribute key appear twice along one path.
 */
export async function moveCategory(db: Knex, adminId: number, id: number, parentId: number | null): Promise<CatalogResult> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const c = await findCategory(trx, id);
    if (!c) return fail('form', 'No such category.');
    if (c.parent_id === parentId) return { ok: true, value: undefined } as const;
    if (parentId !== null) {
      if (parentId === id) return fail('parent_id', 'A category cannot be moved under itself.');
      const subtree = await subtreeIds(trx, id);
      if (subtree.includes(parentId)) return fail('parent_id', 'A category cannot be moved under one of its own subcategories.');
      const parent = await checkParent(trx, parentId);
      if (!parent.ok) return parent;
      const above = await keysIn(trx, await ancestorIds(trx, parentId));
      const below = await attributesIn(trx, subtree);
      const clash = below.find((a) => above.has(a.key));
      if (clash) return fail('parent_id', `The new parent already defines the attribute “${clash.key}”, which this category (or a subcategory) also defines.`);
    }
    await updateCategory(trx, id, { parent_id: parentId, position: await nextPosition(trx, parentId) });
    await audit(trx, { actorId: adminId, action: 'category.move', subjectType: 'category', subjectId: id, before: { parent_id: c.parent_id }, after: { parent_id: parentId } });
    return { ok: true, value: undefined } as const;
  });
}

/** Retires a category and its subcategories: they stay, but take no new listings. */
export async function retireCategory(db: Knex, adminId: number, id: number): Promise<CatalogResult> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const c = await findCategory(trx, id);
    if (!c) return fail('form', 'No such category.');
    if (c.retired_at) return fail('form', 'This category is already retired.');
    const subtree = await subtreeIds(trx, id);
    const [{ now }] = (await trx.raw<{ rows: { now: Date }[] }>('select now() as now')).rows;
    await trx('categories').whereIn('id', subtree).whereNull('retired_at').update({ retired_at: now, updated_at: now });
    await audit(trx, { actorId: adminId, action: 'category.retire', subjectType: 'category', subjectId: id, before: { retired: false }, after: { retired: true } });
    return { ok: true, value: undefined } as const;
  });
}

/** Restores a retired category and the subcategories that were retired with it. */
export async function restoreCategory(db: Knex, adminId: number, id: number): Promise<CatalogResult> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const c = await findCategory(trx, id);
    if (!c) return fail('form', 'No such category.');
    if (!c.retired_at) return fail('form', 'This category is not retired.');
    if (c.parent_id !== null) {
      const parent = await findCategory(trx, c.parent_id);
      if (parent?.retired_at) return fail('form', `Its parent “${parent.name}” is retired; restore that first.`);
    }
    const subtree = await subtreeIds(trx, id);
    await trx('categories').whereIn('id', subtree).where({ retired_at: c.retired_at }).update({ retired_at: null, updated_at: trx.fn.now() });
    await audit(trx, { actorId: adminId, action: 'category.restore', subjectType: 'category', subjectId: id, before: { retired: true }, after: { retired: false } });
    return { ok: true, value: undefined } as const;
  });
}

/**
 * Adds an attribute to a category. Its key must be new along the whole path:
 * not defined by an ancestor (subcategories inherit, they cannot redefine) nor
 * by any subcategory.
 */
export async function addAttribute(db: Knex, adminId: number, categoryId: number, input: AttributeInput): Promise<CatalogResult<AttributeRow>> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const c = await findCategory(trx, categoryId);
    if (!c) return fail('form', 'No such category.');
    const ancestors = await ancestorIds(trx, categoryId);
    const above = await keysIn(trx, ancestors);
    const existing = above.get(input.key);
    if (existing) {
      return existing.category_id === categoryId
        ? fail('key', 'This category already has an attribute with that key.')
        : fail('key', 'An ancestor category already defines this key; subcategories inherit it and cannot redefine it.');
    }
    const below = await keysIn(trx, (await subtreeIds(trx, categoryId)).filter((id) => id !== categoryId));
    if (below.has(input.key)) return fail('key', 'A subcategory already defines this key; remove it there first.');
    const attribute = await insertAttribute(trx, {
      category_id: categoryId,
      key: input.key,
      label: input.label,
      type: input.type,
      unit: input.type === 'number' ? input.unit : null,
      options: input.type === 'enum' ? input.options : null,
      required: input.required,
      filterable: input.filterable,
    });
    await audit(trx, { actorId: adminId, action: 'category.attribute_add', subjectType: 'category', subjectId: categoryId, after: { key: attribute.key, type: attribute.type } });
    return { ok: true, value: attribute } as const;
  });
}

export async function removeAttribute(db: Knex, adminId: number, categoryId: number, attributeId: number): Promise<CatalogResult> {
  return db.transaction(async (trx) => {
    await lockCatalog(trx);
    const a = await findAttribute(trx, attributeId);
    if (!a || a.category_id !== categoryId) return fail('form', 'No such attribute on this category.');
    await deleteAttribute(trx, attributeId);
    await audit(trx, { actorId: adminId, action: 'category.attribute_remove', subjectType: 'category', subjectId: categoryId, before: { key: a.key, type: a.type } });
    return { ok: true, value: undefined } as const;
  });
}

/** The attributes that apply to a category: its own and every ancestor's, the root's first. */
export function effectiveSchema(db: Knex | Knex.Transaction, categoryId: number): Promise<SchemaAttribute[]> {
  return schemaFor(db, categoryId);
}
