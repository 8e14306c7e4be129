import type { Knex } from 'knex';
import { rebuildVocabulary } from '../src/search/queries.js';
import { createSynonymGroup } from '../src/search/synonyms.js';

/** Words buyers use for what the demo catalog calls otherwise (the admin edits them at /admin/search/synonyms). */
const GROUPS = [
  't-shirt, tee, tshirt',
  'laptop, notebook',
  'shoes, footwear, sneakers, trainers',
  'lesson, class, course, tutoring',
  'phone, smartphone, mobile, cellphone',
  'bike, bicycle, cycle',
  'sofa, couch, settee',
  'repair, fix, mend',
  'print, poster',
];

/** The demo synonym groups (only into an empty list), and the vocabulary typo correction reads, built now. */
export async function seedSynonyms(db: Knex, adminEmail: string): Promise<void> {
  const admin = await db('users').where({ email: adminEmail }).first('id');
  const empty = !(await db('search_synonyms').first('id'));
  if (admin && empty) for (const group of GROUPS) await createSynonymGroup(db, Number(admin.id), group);
  await rebuildVocabulary(db, new Date(), { force: true });
}
