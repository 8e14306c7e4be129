import type { Knex } from 'knex';
import { createApplication, createUser } from '../../factories.js';
import type { Fixture } from './types.js';

let planted = 0;
async function plantCategory(db: Knex, over: Record<string, unknown> = {}): Promise<{ id: number }> {
  const n = `${Date.now().toString(36)}-${++planted}`;
  const [row] = await db('categories').insert({ name: `Planted ${n}`, slug: `planted-${n}`, ...over }).returning('id');
  return row;
}

/** Fixtures for the unsafe routes of notifications, seller applications, user blocks and categories (the context's admin sends them). */
export const coreFixtures: Record<string, Fixture> = {
  'post /notifications/read-all': async (db, _c, { admin }) => {
    await db('notifications').insert({ user_id: admin.id, kind: 'test', title: 'Unread one' });
    return {
      path: '/notifications/read-all',
      form: {},
      state: async () => Number((await db('notifications').where({ user_id: admin.id }).whereNull('read_at').count('* as n').first())?.n),
    };
  },
  'post /notifications/:id/read': async (db, _c, { admin }) => {
    const [n] = await db('notifications').insert({ user_id: admin.id, kind: 'test', title: 'Read me' }).returning('id');
    return {
      path: `/notifications/${n.id}/read`,
      form: {},
      state: async () => (await db('notifications').where({ id: n.id }).first()).read_at !== null,
    };
  },
  'post /seller/application': async (db, _c, { admin }) => ({
    path: '/seller/application',
    form: { shop_name: `Planted Shop ${Date.now()}`, description: 'A shop nobody asked for, created by another site.' },
    state: async () => Number((await db('seller_applications').where({ user_id: admin.id }).count('* as n').first())?.n),
  }),
  'post /admin/seller-applications/:id/approval': async (db) => {
    const u = await createUser(db);
    const a = await createApplication(db, u.id);
    return {
      path: `/admin/seller-applications/${a.id}/approval`,
      form: {},
      state: async () => (await db('seller_applications').where({ id: a.id }).first()).status,
    };
  },
  'post /admin/seller-applications/:id/rejection': async (db) => {
    const u = await createUser(db);
    const a = await createApplication(db, u.id);
    return {
      path: `/admin/seller-applications/${a.id}/rejection`,
      form: { reason: 'Not enough detail' },
      state: async () => (await db('seller_applications').where({ id: a.id }).first()).status,
    };
  },
  'post /admin/users/:id/block': async (db) => {
    const u = await createUser(db);
    return {
      path: `/admin/users/${u.id}/block`,
      form: { reason: 'Planted block' },
      state: async () => (await db('users').where({ id: u.id }).first()).blocked_at !== null,
    };
  },
  'delete /admin/users/:id/block': async (db) => {
    const u = await createUser(db);
    await db('users').where({ id: u.id }).update({ blocked_at: db.fn.now(), blocked_reason: 'Spam' });
    return {
      path: `/admin/users/${u.id}/block`,
      form: { reason: 'Planted unblock' },
      state: async () => (await db('users').where({ id: u.id }).first()).blocked_at !== null,
    };
  },
  'post /admin/categories': async (db) => {
    const name = `Planted Category ${Date.now()}`;
    return {
      path: '/admin/categories',
      form: { name, parent_id: '' },
      state: async () => Boolean(await db('categories').where({ name }).first()),
    };
  },
  'post /admin/categories/:id/name': async (db) => {
    const c = await plantCategory(db);
    return {
      path: `/admin/categories/${c.id}/name`,
      form: { name: 'Planted rename' },
      state: async () => (await db('categories').where({ id: c.id }).first()).name,
    };
  },
  'post /admin/categories/:id/parent': async (db) => {
    const c = await plantCategory(db);
    const parent = await plantCategory(db);
    return {
      path: `/admin/categories/${c.id}/parent`,
      form: { parent_id: String(parent.id) },
      state: async () => (await db('categories').where({ id: c.id }).first()).parent_id,
    };
  },
  'post /admin/categories/:id/retirement': async (db) => {
    const c = await plantCategory(db);
    return {
      path: `/admin/categories/${c.id}/retirement`,
      form: {},
      state: async () => (await db('categories').where({ id: c.id }).first()).retired_at !== null,
    };
  },
  'delete /admin/categories/:id/retirement': async (db) => {
    const c = await plantCategory(db, { retired_at: new Date() });
    return {
      path: `/admin/categories/${c.id}/retirement`,
      form: {},
      state: async () => (await db('categories').where({ id: c.id }).first()).retired_at !== null,
    };
  },
  'post /admin/categories/:id/attributes': async (db) => {
    const c = await plantCategory(db);
    return {
      path: `/admin/categories/${c.id}/attributes`,
      form: { label: 'Planted', key: 'planted', type: 'text' },
      state: async () => Number((await db('category_attributes').where({ category_id: c.id }).count('* as n').first())?.n),
    };
  },
  'delete /admin/categories/:id/attributes/:attributeId': async (db) => {
    const c = await plantCategory(db);
    const [a] = await db('category_attributes').insert({ category_id: c.id, key: 'planted', label: 'Planted', type: 'text' }).returning('id');
    return {
      path: `/admin/categories/${c.id}/attributes/${a.id}`,
      form: {},
      state: async () => Boolean(await db('category_attributes').where({ id: a.id }).first()),
    };
  },
};
