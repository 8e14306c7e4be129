import type { Db } from '../../src/db.js';
import { clock } from '../../src/lib/clock.js';
import { rebuildVocabulary } from '../../src/search/queries.js';

/** Rebuilds the words typo correction and autocomplete use, when listings changed since the last build. */
export async function rebuildVocabularyJob(db: Db): Promise<{ words: number | null }> {
  return { words: await rebuildVocabulary(db, clock.now()) };
}
