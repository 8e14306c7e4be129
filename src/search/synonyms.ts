import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { deleteSynonymGroup, findSynonymGroup, groupsHoldingAny, insertSynonymGroup, updateSynonymGroup, type SynonymGroupRow } from './queries.js';
import { normalizeTerm } from './terms.js';

/** Rules for the admins' synonym groups (a query word in a group also matches the group's other words). */

export const MAX_TERMS = 20;
const MAX_TERM_LENGTH = 40;
const MAX_TERM_WORDS = 4;

/** The form: the group's words and phrases, separated by commas. */
export const synonymSchema = z.object({
  terms: z.string('Enter at least two words or phrases, separated by commas.').max(1000, 'Use at most 1,000 characters.'),
});

export type SynonymResult = { ok: true; group: SynonymGroupRow } | { ok: false; field: 'terms'; message: string };

/** The distinct terms of a comma-separated list, normalized; or the message that says what is wrong. */
export function parseTerms(text: string): { ok: true; terms: string[] } | { ok: false; message: string } {
  const parts = text
    .split(/[,\n;]/)
    .map((t) => t.trim())
    .filter(Boolean);
  const terms: string[] = [];
  for (const part of parts) {
    const term = normalizeTerm(part);
    if (!term) return { ok: false, message: `“${part.slice(0, 40)}” has no letters or digits.` };
    if (term.length > MAX_TERM_LENGTH) return { ok: false, message: `Keep each word or phrase to ${MAX_TERM_LENGTH} characters: “${term.slice(0, 40)}…” is longer.` };
    if (term.split(' ').length > MAX_TERM_WORDS) return { ok: false, message: `Use short phrases of up to ${MAX_TERM_WORDS} words: “${term}” has more.` };
    if (!terms.includes(term)) terms.push(term);
  }
  if (terms.length < 2) return { ok: false, message: 'Enter at least two different words or phrases, separated by commas.' };
  if (terms.length > MAX_TERMS) return { ok: false, message: `Use at most ${MAX_TERMS} words or phrases in one group.` };
  return { ok: true, terms };
}

/** A term may sit in one group only, so an admin edits one place to change what it means. */
async function checkUnique(db: Knex | Knex.Transaction, terms: string[], exceptId: number | null): Promise<string | null> {
  const clash = (await groupsHoldingAny(db, terms, exceptId))[0];
  if (!clash) return null;
  const shared = terms.find((t) => clash.terms.includes(t))!;
  return `“${shared}” is already in the group “${clash.terms.join(', ')}”; edit that group instead.`;
}

export async function createSynonymGroup(db: Knex, actorId: number, text: string): Promise<SynonymResult> {
  const parsed = parseTerms(text);
  if (!parsed.ok) return { ok: false, field: 'terms', message: parsed.message };
  return db.transaction(async (trx) => {
    // one editor at a time, so two admins cannot put the same word in two groups
    await trx.raw('lock table search_synonyms in share row exclusive mode');
    const clash = await checkUnique(trx, parsed.terms, null);
    if (clash) return { ok: false, field: 'terms', message: clash };
    const group = await insertSynonymGroup(trx, parsed.terms, actorId);
    await audit(trx, { actorId, action: 'search.synonyms.created', subjectType: 'search_synonyms', subjectId: group.id, after: { terms: group.terms } });
    return { ok: true, group };
  });
}

export async function editSynonymGroup(db: Knex, actorId: number, id: number, text: string): Promise<SynonymResult | null> {
  const parsed = parseTerms(text);
  return db.transaction(async (trx) => {
    await trx.raw('lock table search_synonyms in share row exclusive mode');
    const before = await findSynonymGroup(trx, id);
    if (!before) return null;
    if (!parsed.ok) return { ok: false, field: 'terms', message: parsed.message };
    const clash = await checkUnique(trx, parsed.terms, id);
    if (clash) return { ok: false, field: 'terms', message: clash };
    await updateSynonymGroup(trx, id, parsed.terms);
    await audit(trx, { actorId, action: 'search.synonyms.changed', subjectType: 'search_synonyms', subjectId: id, before: { terms: before.terms }, after: { terms: parsed.terms } });
    return { ok: true, group: { ...before, terms: parsed.terms } };
  });
}

export async function removeSynonymGroup(db: Knex, actorId: number, id: number): Promise<SynonymGroupRow | null> {
  return db.transaction(async (trx) => {
    const before = await findSynonymGroup(trx, id);
    if (!before || !(await deleteSynonymGroup(trx, id))) return null;
    await audit(trx, { actorId, action: 'search.synonyms.removed', subjectType: 'search_synonyms', subjectId: id, before: { terms: before.terms } });
    return before;
  });
}
