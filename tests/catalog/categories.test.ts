import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAttribute,
  attributeSchema,
  createCategory,
  effectiveSchema,
  moveCategory,
  renameCategory,
  restoreCategory,
  retireCategory,
} from '../../src/catalog/categories.js';
import type { AttributeRow } from '../../src/catalog/queries.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { validateAttributes } from '../../src/catalog/attributes.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
  admin = await createAdmin(app.db);
});
afterAll(() => app?.stop());

let n = 0;
const unique = (name: string) => `${name} ${Date.now().toString(36)}${++n}`;

async function category(name: string, parentId: number | null = null) {
  const r = await createCategory(app.db, admin.id, { name: unique(name), parent_id: parentId });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function attr(over: Partial<Record<string, string>> & { key: string; type: string }) {
  const parsed = attributeSchema.safeParse({ label: over.key, ...over });
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const auditActions = async (id: number) =>
  (await app.db('audit_log').where({ subject_type: 'category', subject_id: id }).orderBy('id')).map((r) => r.action);

describe('the category tree', () => {
  it('creates, renames, moves, retires and restores, auditing each change', async () => {
    const home = await category('Home');
    const lamps = await category('Lamps', home.id);
    expect(lamps.parent_id).toBe(home.id);
    expect(lamps.slug).toMatch(/^lamps-/);

    expect((await renameCategory(app.db, admin.id, lamps.id, 'Lamps & lighting')).ok).toBe(true);
    const garden = await category('Garden');
    expect((await moveCategory(app.db, admin.id, lamps.id, garden.id)).ok).toBe(true);
    let row = await app.db('categories').where({ id: lamps.id }).first();
    expect(row.name).toBe('Lamps & lighting');
    expect(row.parent_id).toBe(garden.id);
    expect(row.slug).toBe(lamps.slug);

    // retiring a parent retires its subtree; restoring brings both back
    expect((await retireCategory(app.db, admin.id, garden.id)).ok).toBe(true);
    row = await app.db('categories').where({ id: lamps.id }).first();
    expect(row.retired_at).not.toBeNull();
    const blocked = await restoreCategory(app.db, admin.id, lamps.id);
    expect(blocked).toMatchObject({ ok: false, message: expect.stringContaining('restore that first') });
    const underRetired = await createCategory(app.db, admin.id, { name: unique('Sheds'), parent_id: garden.id });
    expect(underRetired).toMatchObject({ ok: false, field: 'parent_id' });
    expect((await restoreCategory(app.db, admin.id, garden.id)).ok).toBe(true);
    row = await app.db('categories').where({ id: lamps.id }).first();
    expect(row.retired_at).toBeNull();

    expect(await auditActions(lamps.id)).toEqual(['category.create', 'category.rename', 'category.move']);
    expect(await auditActions(garden.id)).toEqual(['category.create', 'category.retire', 'category.restore']);
  });

  it('refuses to move a category under itself or one of its descendants', async () => {
    const a = await category('Outer');
    const b = await category('Middle', a.id);
    const c = await category('Inner', b.id);
    expect(await moveCategory(app.db, admin.id, a.id, a.id)).toMatchObject({ ok: false, field: 'parent_id', message: expect.stringContaining('under itself') });
    expect(await moveCategory(app.db, admin.id, a.id, c.id)).toMatchObject({
      ok: false,
      field: 'parent_id',
      message: expect.stringContaining('its own subcategories'),
    });
    expect((await app.db('categories').where({ id: a.id }).first()).parent_id).toBeNull();
  });

  it('gives a subcategory its ancestors’ attributes and refuses to redefine one', async () => {
    const electronics = await category('Electronics');
    const phones = await category('Phones', electronics.id);
    expect((await addAttribute(app.db, admin.id, electronics.id, attr({ key: 'brand', type: 'enum', options: 'Apple, Samsung' }))).ok).toBe(true);
    expect((await addAttribute(app.db, admin.id, phones.id, attr({ key: 'storage', type: 'number', unit: 'GB', required: 'on' }))).ok).toBe(true);

    const schema = await effectiveSchema(app.db, phones.id);
    expect(schema.map((a) => [a.key, a.category_id])).toEqual([
      ['brand', electronics.id],
      ['storage', phones.id],
    ]);
    expect(schema[0].options).toEqual(['Apple', 'Samsung']);
    expect(schema[1]).toMatchObject({ unit: 'GB', required: true, type: 'number' });
    expect((await effectiveSchema(app.db, electronics.id)).map((a) => a.key)).toEqual(['brand']);

    const redefine = await addAttribute(app.db, admin.id, phones.id, attr({ key: 'brand', type: 'text' }));
    expect(redefine).toMatchObject({ ok: false, field: 'key', message: expect.stringContaining('ancestor') });
    // nor may an ancestor take a key a subcategory already has
    const upward = await addAttribute(app.db, admin.id, electronics.id, attr({ key: 'storage', type: 'text' }));
    expect(upward).toMatchObject({ ok: false, field: 'key', message: expect.stringContaining('subcategory') });
    // nor may a move bring two definitions of one key onto one path
    const other = await category('Gadgets');
    await addAttribute(app.db, admin.id, other.id, attr({ key: 'storage', type: 'text' }));
    expect(await moveCategory(app.db, admin.id, phones.id, other.id)).toMatchObject({ ok: false, message: expect.stringContaining('storage') });
  });
});

describe('validateAttributes (unknown keys are ignored: listing forms carry other fields)', () => {
  const schema: Pick<AttributeRow, 'key' | 'label' | 'type' | 'unit' | 'options' | 'required'>[] = [
    { key: 'brand', label: 'Brand', type: 'enum', unit: null, options: ['Apple', 'Samsung'], required: true },
    { key: 'storage', label: 'Storage', type: 'number', unit: 'GB', options: null, required: true },
    { key: 'unlocked', label: 'Unlocked', type: 'boolean', unit: null, options: null, required: false },
    { key: 'notes', label: 'Notes', type: 'text', unit: null, options: null, required: false },
  ];

  it('accepts good values, normalising them', () => {
    expect(validateAttributes(schema, { brand: 'samsung', storage: '128 GB', unlocked: 'on', price: '10', notes: '  mint  ' })).toEqual({
      ok: true,
      values: { brand: 'Samsung', storage: 128, unlocked: true, notes: 'mint' },
    });
    expect(validateAttributes(schema, { brand: 'Apple', storage: '64.5', unlocked: 'no' })).toEqual({
      ok: true,
      values: { brand: 'Apple', storage: 64.5, unlocked: false },
    });
    // an unchecked checkbox is simply absent
    expect(validateAttributes(schema, { brand: 'Apple', storage: '64' })).toMatchObject({ ok: true, values: { unlocked: false } });
  });

  it('reports each problem under its key', () => {
    const r = validateAttributes(schema, { storage: 'lots', unlocked: 'maybe', notes: 'x'.repeat(201) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.brand).toBe('Brand is required.');
    expect(r.errors.storage).toBe('Enter a number in GB for Storage.');
    expect(r.errors.unlocked).toContain('yes or no');
    expect(r.errors.notes).toContain('200 characters');
    const bad = validateAttributes(schema, { brand: 'Nokia', storage: '' });
    expect(bad).toEqual({ ok: false, errors: { brand: 'Choose one of: Apple, Samsung.', storage: 'Storage is required.' } });
  });
});

describe('admin pages', () => {
  it('are for admins only', async () => {
    const c = await category('Private');
    const buyer = await signedIn(await createUser(app.db));
    expect((await buyer.get('/admin/categories', { follow: false })).status).toBe(403);
    expect((await buyer.get(`/admin/categories/${c.id}`, { follow: false })).status).toBe(403);
    await buyer.get('/');
    const post = await buyer.post('/admin/categories', { name: 'Sneaky' }, { follow: false });
    expect(post.status).toBe(403);
    expect(await app.db('categories').where({ name: 'Sneaky' }).first()).toBeUndefined();
  });

  it('creates a category from the tree page, and shows errors beside the fields', async () => {
    const a = await signedIn(admin);
    const parent = await category('Clothing');
    const page = await a.get('/admin/categories');
    expect(page.doc.querySelector(`#category-tree #category-${parent.id}`)).toBeTruthy();
    const empty = await a.post('/admin/categories', { name: '  ', parent_id: String(parent.id) });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('#f-name-error'))).toContain('Give the category a name');
    expect(empty.doc.querySelector('#f-parent_id option[selected]')?.getAttribute('value')).toBe(String(parent.id));

    const name = unique('Shoes');
    const created = await a.post('/admin/categories', { name, parent_id: String(parent.id) });
    expect(created.status).toBe(200);
    const row = await app.db('categories').where({ name }).first();
    expect(row.parent_id).toBe(parent.id);
    expect(text(created.doc.querySelector(`#category-${parent.id} #category-${row.id} a`))).toBe(name);
  });

  it('adds and removes attributes on the category page and refuses a move under a descendant', async () => {
    const a = await signedIn(admin);
    const parent = await category('Apparel');
    const child = await category('Boots', parent.id);
    await addAttribute(app.db, admin.id, parent.id, attr({ key: 'colour', type: 'enum', options: 'Black, Brown' }));

    await a.get(`/admin/categories/${child.id}`);
    const bad = await a.post(`/admin/categories/${child.id}/attributes`, { label: 'Size', key: 'size', type: 'enum', options: '' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-options-error'))).toContain('at least one option');
    expect(bad.doc.querySelector('#f-key')?.getAttribute('value')).toBe('size');

    const redefined = await a.post(`/admin/categories/${child.id}/attributes`, { label: 'Colour', key: 'colour', type: 'text' });
    expect(redefined.status).toBe(422);
    expect(text(redefined.doc.querySelector('#f-key-error'))).toContain('ancestor');

    const ok = await a.post(`/admin/categories/${child.id}/attributes`, { label: 'Size', key: 'size', type: 'number', unit: 'EU', required: 'on', filterable: 'on' });
    expect(ok.status).toBe(200);
    expect(ok.doc.querySelector('#inherited-attributes [data-key="colour"]')).toBeTruthy();
    const size = ok.doc.querySelector('#own-attributes [data-key="size"]');
    expect(text(size)).toContain('EU');
    expect(text(size)).toContain('required');

    const removeAction = size!.querySelector('form')!.getAttribute('action')!;
    const removed = await a.post(removeAction, { _method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.doc.querySelector('#own-attributes [data-key="size"]')).toBeNull();
    expect(await auditActions(child.id)).toEqual(['category.create', 'category.attribute_add', 'category.attribute_remove']);

    const refused = await a.post(`/admin/categories/${parent.id}/parent`, { parent_id: String(child.id) });
    expect(refused.status).toBe(422);
    expect(text(refused.doc.querySelector('#f-parent_id-error'))).toContain('its own subcategories');
    expect((await app.db('categories').where({ id: parent.id }).first()).parent_id).toBeNull();
  });

  it('renders a hostile category name as text', async () => {
    const a = await signedIn(admin);
    await a.get('/admin/categories');
    const name = `<img src=x onerror="alert(1)"><script>alert(2)</script> ${Date.now()}`;
    const page = await a.post('/admin/categories', { name, parent_id: '' });
    expect(page.status).toBe(200);
    const row = await app.db('categories').where({ name }).first();
    expect(text(page.doc.querySelector(`#category-${row.id} a`))).toBe(name);
    expect(page.doc.querySelector('#category-tree img')).toBeNull();
    expect(page.doc.querySelector('#category-tree script')).toBeNull();
    const detail = await a.get(`/admin/categories/${row.id}`);
    expect(text(detail.doc.querySelector('#category-name'))).toBe(name);
    expect(detail.doc.querySelector('main img, main script, section img')).toBeNull();
    expect(detail.doc.querySelectorAll('option').some((o) => o.querySelector('img, script'))).toBe(false);
  });
});
