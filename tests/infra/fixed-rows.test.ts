import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedRows } from '../../src/db.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createUser } from '../factories.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  await t?.drop();
});

describe('fixed statements', () => {
  it('return typed rows from the pool and give the connection back', async () => {
    const u = await createUser(t.db);
    // more statements than the pool has connections: each one returns its connection
    const all = await Promise.all(Array.from({ length: 20 }, () => fixedRows<{ id: number; email: string }>(t.db, 'select id, email from users where id = $1', [u.id])));
    expect(all.every((rows) => rows.length === 1 && rows[0].id === u.id && rows[0].email === u.email)).toBe(true);
    expect(await fixedRows(t.db, 'select id from users where id = $1', [-1])).toEqual([]);
  });

  it('run inside a transaction on its connection, seeing what it has not committed', async () => {
    const trx = await t.db.transaction();
    try {
      const [row] = await trx('users').insert({ email: 'in-trx@example.test', display_name: 'In trx', password_hash: 'x' }).returning(['id']);
      expect(await fixedRows<{ id: number }>(trx, 'select id from users where id = $1', [row.id])).toEqual([{ id: row.id }]);
      expect(await fixedRows(t.db, 'select id from users where id = $1', [row.id])).toEqual([]);
    } finally {
      await trx.rollback();
    }
  });

  it('reject a failing statement and keep the pool usable', async () => {
    await expect(fixedRows(t.db, 'select no_such_column from users', [])).rejects.toThrow(/no_such_column/);
    expect((await fixedRows<{ one: number }>(t.db, 'select 1 as one', []))[0].one).toBe(1);
  });
});
