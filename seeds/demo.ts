import type { Knex } from 'knex';
import { insertAttribute, insertCategory, type AttributeRow } from '../src/catalog/queries.js';
import { createAdmin, createApplication, createSeller, createUser } from '../tests/factories.js';
import { refreshEndingSoonAuctions, seedAuctions } from './auctions.js';
import { envStore, seedCatalog } from './catalog.js';
import { seedOrders } from './orders.js';
import { seedShops } from './shops.js';
import { seedSynonyms } from './synonyms.js';

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
    await seedCategories(trx);
  });
  await seedCatalog(db, { password: DEMO_PASSWORD });
  await seedOrders(db, { buyer: DEMO_USERS.buyer, seller: DEMO_USERS.seller });
  await seedAuctions(db, { buyer: DEMO_USERS.buyer, seller: DEMO_USERS.seller });
  await seedShops(db, { store: envStore(), buyer: DEMO_USERS.buyer, password: DEMO_PASSWORD, images: process.env.DEMO_IMAGES !== 'off' });
  await seedSynonyms(db, DEMO_USERS.admin);
  return true;
}

/** On a start after the first: auctions ending within minutes again, when none is about to end. */
export async function refreshDemo(db: Knex): Promise<number> {
  return (await refreshEndingSoonAuctions(db, { buyer: DEMO_USERS.buyer, seller: DEMO_USERS.seller })).auctions;
}

type DemoAttribute = Pick<AttributeRow, 'key' | 'label' | 'type'> & Partial<Pick<AttributeRow, 'unit' | 'options' | 'required' | 'filterable'>>;
interface DemoCategory {
  name: string;
  slug: string;
  attributes?: DemoAttribute[];
  children?: DemoCategory[];
}

const DEMO_CATEGORIES: DemoCategory[] = [
  {
    name: 'Electronics',
    slug: 'electronics',
    attributes: [{ key: 'brand', label: 'Brand', type: 'enum', options: ['Apple', 'Samsung', 'Google', 'Xiaomi', 'Other'], required: true, filterable: true }],
    children: [
      {
        name: 'Phones',
        slug: 'phones',
        attributes: [
          { key: 'storage', label: 'Storage', type: 'number', unit: 'GB', required: true, filterable: true },
          { key: 'unlocked', label: 'Unlocked', type: 'boolean', filterable: true },
        ],
      },
    ],
  },
  {
    name: 'Home',
    slug: 'home',
    children: [{ name: 'Lamps', slug: 'lamps', attributes: [{ key: 'material', label: 'Material', type: 'enum', options: ['Brass', 'Copper', 'Glass', 'Wood'], filterable: true }, { key: 'height', label: 'Height', type: 'number', unit: 'cm' }] }],
  },
  {
    name: 'Clothing',
    slug: 'clothing',
    children: [
      {
        name: 'Shoes',
        slug: 'shoes',
        attributes: [
          { key: 'size', label: 'Size', type: 'number', unit: 'EU', required: true, filterable: true },
          { key: 'colour', label: 'Colour', type: 'enum', options: ['Black', 'White', 'Brown', 'Red', 'Blue'], required: true, filterable: true },
        ],
      },
    ],
  },
];

async function seedCategories(trx: Knex.Transaction, list = DEMO_CATEGORIES, parentId: number | null = null): Promise<void> {
  for (const [position, c] of list.entries()) {
    const row = await insertCategory(trx, { parent_id: parentId, name: c.name, slug: c.slug, position });
    for (const a of c.attributes ?? []) {
      await insertAttribute(trx, {
        category_id: row.id,
        key: a.key,
        label: a.label,
        type: a.type,
        unit: a.unit ?? null,
        options: a.options ?? null,
        required: a.required ?? false,
        filterable: a.filterable ?? false,
      });
    }
    await seedCategories(trx, c.children ?? [], row.id);
  }
}
