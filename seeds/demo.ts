import type { Knex } from 'knex';
import { createAdmin, createApplication, createSeller, createUser } from '../tests/factories.js';

export const DEMO_PASSWORD = 'souk-demo-1234';
export const DEMO_USERS = {
  buyer: 'buyer@souk.test',
  seller: 'seller@souk.test',
  admin: 'admin@souk.test',
} as const;

/** Loads the demo accounts once; running it again changes nothing. */
export async function seedDemo(db: Knex): Promise<boolean> {
  const existing = await db('users').where({ email: DEMO_USERS.admin }).first('id');
  if (existing) return false;
  await db.transaction(async (trx) => {
    await createAdmin(trx, { email: DEMO_USERS.admin, display_name: 'Amira (admin)', password: DEMO_PASSWORD });
    await createSeller(trx, { email: DEMO_USERS.seller, display_name: 'Samir the seller', password: DEMO_PASSWORD, shop_name: 'Samir’s Lamps' });
    await createUser(trx, { email: DEMO_USERS.buyer, display_name: 'Bea the buyer', password: DEMO_PASSWORD });
    const applicant = await createUser(trx, { email: 'applicant@souk.test', display_name: 'Omar (applicant)', password: DEMO_PASSWORD });
    await createApplication(trx, applicant.id, { shop_name: 'Omar’s Rugs', description: 'Hand-knotted rugs from the High Atlas, each one unique.' });
  });
  return true;
}
