import { hashPassword } from '../../../src/accounts/passwords.js';
import { newLinkToken } from '../../../src/accounts/tokens.js';
import { createUser, DEFAULT_PASSWORD } from '../../factories.js';
import { Client } from '../../http.js';
import type { Fixture } from './types.js';

let n = 0;
const inAnHour = () => new Date(Date.now() + 3600_000);

/** CSRF fixtures for the account settings and password reset routes, keyed "method path" as in src/accounts/manifest.ts. */
export const accountsFixtures: Record<string, Fixture> = {
  'put /account/profile': async (db, _c, { admin }) => {
    const { display_name } = await db('users').where({ id: admin.id }).first('display_name');
    // the same name again: the header keeps saying who is signed in, and the row is still written
    return { path: '/account/profile', form: { display_name }, state: async () => (await db('users').where({ id: admin.id }).first('updated_at')).updated_at };
  },
  'put /account/password': async (db, _c, { admin }) => ({
    path: '/account/password',
    form: { current_password: DEFAULT_PASSWORD, password: 'a planted new password', password_confirmation: 'a planted new password' },
    state: async () => (await db('users').where({ id: admin.id }).first('password_hash')).password_hash,
    // the admin signs in with the usual password in the next test (a new hash of it: the state still differs)
    after: async () => {
      await db('users').where({ id: admin.id }).update({ password_hash: await hashPassword(DEFAULT_PASSWORD) });
    },
  }),
  'post /account/email-change': async (db, _c, { admin }) => ({
    path: '/account/email-change',
    form: { email: `planted-change-${Date.now()}-${++n}@example.test`, current_password: DEFAULT_PASSWORD },
    state: async () => (await db('email_changes').where({ user_id: admin.id })).length,
  }),
  'post /account/email-change/:token': async (db) => {
    const u = await createUser(db);
    const { token, hash } = newLinkToken();
    await db('email_changes').insert({ user_id: u.id, new_email: `planted-new-${u.id}@example.test`, token_hash: hash, expires_at: inAnHour() });
    return { path: `/account/email-change/${token}`, form: {}, state: async () => (await db('users').where({ id: u.id }).first('email')).email };
  },
  'delete /account/sessions': async (_db, _c, { app, admin }) => {
    const other = new Client(app.baseUrl);
    await other.signIn(admin.email, DEFAULT_PASSWORD);
    return { path: '/account/sessions', form: {}, state: async () => (await other.get('/account/settings', { follow: false })).status };
  },
  'post /password-reset': async (db) => {
    const u = await createUser(db);
    // the request hands the address to a job: what it writes is that event
    return { path: '/password-reset', form: { email: u.email }, state: async () => (await db('outbox').where({ topic: 'password_reset.requested' }).whereRaw(`payload->>'email' = ?`, [u.email])).length };
  },
  'post /password-reset/:token': async (db) => {
    const u = await createUser(db);
    const { token, hash } = newLinkToken();
    await db('password_resets').insert({ user_id: u.id, token_hash: hash, expires_at: inAnHour() });
    return {
      path: `/password-reset/${token}`,
      form: { password: 'a planted new password', password_confirmation: 'a planted new password' },
      state: async () => (await db('users').where({ id: u.id }).first('password_hash')).password_hash,
    };
  },
};
