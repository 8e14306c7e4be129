/**
 * Query words and synonyms, as plain functions. A synonym group is a list of words or short
 * phrases that buyers use for the same thing ("t-shirt, tee, tshirt"); a query word or phrase
 * found in a group also matches every other term of that group.
 */

/** Lower case, without surrounding punctuation (hyphens inside a word stay: "t-shirt"). */
export function normalizeTerm(term: string): string {
  return term
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-']+|[-']+$/g, '');
}

/** The words of a query or term, lower case. */
export function wordsOf(text: string): string[] {
  return normalizeTerm(text)
    .split(' ')
    .map((w) => w.replace(/^[-']+|[-']+$/g, ''))
    .filter(Boolean);
}

/** A word compared to a term's word: a plural "s" does not make them differ ("tees" is "tee"). */
const key = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Websearch operators a buyer may type on purpose: such a query is matched as typed. */
const OPERATORS = /["]|(^|\s)-\S|\sor\s/i;

/**
 * The query as an AND of alternatives: each position is a word or group phrase, with the other
 * terms of its synonym groups. Null when no synonym applies (the query is matched as typed).
 * The longest phrase wins where group terms overlap ("mobile phone" before "phone").
 */
export function expandQuery(q: string, groups: readonly (readonly string[])[]): string[][] | null {
  if (!q.trim() || groups.length === 0 || OPERATORS.test(q)) return null;
  const words = wordsOf(q);
  if (words.length === 0 || words.length > 32) return null;
  const phrases = groups.flatMap((g, gi) => g.map((t) => ({ words: wordsOf(t).map(key), group: gi })).filter((t) => t.words.length > 0));
  const out: string[][] = [];
  let widened = false;
  for (let i = 0; i < words.length; ) {
    let best: { length: number; groups: Set<number> } | null = null;
    for (const p of phrases) {
      const n = p.words.length;
      if (i + n > words.length || (best && n < best.length)) continue;
      if (!p.words.every((w, j) => key(words[i + j]) === w)) continue;
      if (!best || n > best.length) best = { length: n, groups: new Set([p.group]) };
      else best.groups.add(p.group);
    }
    if (!best) {
      out.push([words[i]]);
      i++;
      continue;
    }
    const typed = words.slice(i, i + best.length).join(' ');
    const alternatives = new Set([typed]);
    for (const g of best.groups) for (const t of groups[g]) alternatives.add(normalizeTerm(t));
    out.push([...alternatives]);
    widened = widened || alternatives.size > 1;
    i += best.length;
  }
  return widened ? out : null;
}
