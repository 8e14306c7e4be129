import type { Knex } from 'knex';

export interface CategoryRow {
  id: number;
  parent_id: number | null;
  name: string;
  slug: string;
  position: number;
  retired_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type AttributeType = 'text' | 'number' | 'enum' | 'boolean';

export interface AttributeRow {
  id: number;
  category_id: number;
  key: string;
  label: string;
  type: AttributeType;
  unit: string | null;
  options: string[] | null;
  required: boolean;
  filterable: boolean;
  position: number;
}

/** An attribute as it applies to a category, with the category that defines it. */
export interface SchemaAttribute extends AttributeRow {
  category_name: string;
  depth: number;
}

type Db = Knex | Knex.Transaction;

/** Serializes every change to the tree and its schemas (admin-only, rare). */
export async function lockCatalog(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.catalog'))`);
}

export function allCategories(db: Db): Promise<CategoryRow[]> {
  return db<CategoryRow>('categories').orderBy([{ column: 'position' }, { column: 'name' }, { column: 'id' }]);
}

export function findCategory(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db<CategoryRow>('categories').where({ id }).first();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return Boolean(await db('categories').where({ slug }).first('id'));
}

export async function nextPosition(db: Db, parentId: number | null): Promise<number> {
  const row = await db('categories')
    .where((q) => (parentId === null ? q.whereNull('parent_id') : q.where('parent_id', parentId)))
    .max<{ max: number | null }[]>('position as max')
    .first();
  return (row?.max ?? -1) + 1;
}

export async function insertCategory(trx: Db, c: { parent_id: number | null; name: string; slug: string; position: number }): Promise<CategoryRow> {
  const [row] = await trx<CategoryRow>('categories').insert(c).returning('*');
  return row;
}

export function updateCategory(trx: Db, id: number, patch: Partial<Pick<CategoryRow, 'name' | 'parent_id' | 'position' | 'retired_at'>>): Promise<number> {
  return trx('categories').where({ id }).update({ ...patch, updated_at: trx.fn.now() });
}

/** The category and all its ancestors, nearest first (depth 0 is the category itself). */
export async function ancestorIds(db: Db, id: number): Promise<number[]> {
  const { rows } = await db.raw<{ rows: { id: number }[] }>(
    `with recursive up(id, parent_id, depth) as (
       select id, parent_id, 0 from categories where id = ?
       union all
       select c.id, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 100
     ) select id from up order by depth`,
    [id],
  );
  return rows.map((r) => Number(r.id));
}

/** The category and all its descendants. */
export async function subtreeIds(db: Db, id: number): Promise<number[]> {
  const { rows } = await db.raw<{ rows: { id: number }[] }>(
    `with recursive down(id, depth) as (
       select id, 0 from categories where id = ?
       union all
       select c.id, down.depth + 1 from categories c join down on c.parent_id = down.id where down.depth < 100
     ) select id from down`,
    [id],
  );
  return rows.map((r) => Number(r.id));
}

/** Attributes of the category and its ancestors, the root's first. */
export async function schemaFor(db: Db, categoryId: number): Promise<SchemaAttribute[]> {
  const { rows } = await db.raw<{ rows: SchemaAttribute[] }>(
    `with recursive up(id, parent_id, depth) as (
       select id, parent_id, 0 from categories where id = ?
       union all
       select c.id, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 100
     )
     select a.*, c.name as category_name, up.depth
       from up join category_attributes a on a.category_id = up.id join categories c on c.id = up.id
      order by up.depth desc, a.position, a.id`,
    [categoryId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), category_id: Number(r.category_id), depth: Number(r.depth) }));
}

export function attributesIn(db: Db, categoryIds: number[]): Promise<AttributeRow[]> {
  return db<AttributeRow>('category_attributes').whereIn('category_id', categoryIds);
}

export function findAttribute(db: Db, id: number): Promise<AttributeRow | undefined> {
  return db<AttributeRow>('category_attributes').where({ id }).first();
}

export async function insertAttribute(
  trx: Db,
  a: Omit<AttributeRow, 'id' | 'position' | 'options'> & { options: string[] | null },
): Promise<AttributeRow> {
  const row = await trx('category_attributes').where({ category_id: a.category_id }).max<{ max: number | null }[]>('position as max').first();
  const [inserted] = await trx<AttributeRow>('category_attributes')
    .insert({ ...a, options: a.options === null ? null : (JSON.stringify(a.options) as unknown as string[]), position: (row?.max ?? -1) + 1 })
    .returning('*');
  return inserted;
}

export function deleteAttribute(trx: Db, id: number): Promise<number> {
  return trx('category_attributes').where({ id }).delete();
}
