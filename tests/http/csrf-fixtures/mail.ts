import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the mail domain, keyed "method path" as in src/mail/manifest.ts. */
export const mailFixtures: Record<string, Fixture> = {
  'post /account/notifications': async (db, _c, { admin }) => ({
    path: '/account/notifications',
    form: { kinds: 'order.shipped', 'in_app:order.shipped': 'on' },
    state: async () => (await db('notification_preferences').where({ user_id: admin.id, kind: 'order.shipped' }).first())?.email ?? null,
  }),
};
