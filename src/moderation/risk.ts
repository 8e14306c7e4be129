import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { categoryPriceStats, imageCount } from './queries.js';

export interface RiskInput {
  id: number;
  seller_id: number;
  category_id: number;
  title: string;
  description: string;
  price: number | null;
  attributes: Record<string, unknown>;
  currency?: string;
}

/** What the score is computed from; gathered from the database by `assessRisk`. */
export interface RiskFacts {
  accountAgeMs: number;
  price: number | null;
  currency: string;
  /** median price of the category's active listings and how many there are */
  median: number | null;
  samples: number;
  /** the listing's text: title, description and attribute values */
  texts: string[];
  bannedWords: string[];
  images: number;
}

export interface Risk {
  score: number;
  reasons: string[];
}

const DAY = 86_400_000;
export const NEW_ACCOUNT_DAYS = 7;
/** a median from fewer listings says too little about the price */
export const MIN_PRICE_SAMPLES = 5;
export const LOW_PRICE_RATIO = 0.3;
export const HIGH_PRICE_RATIO = 3;

const WEIGHTS = { newAccount: 25, lowPrice: 35, highPrice: 20, bannedWord: 40, noImages: 10 };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The banned words found in the texts: case-insensitive, whole words only ("stolen" but not "unstolenable"). */
export function bannedWordsIn(texts: string[], words: string[]): string[] {
  const found: string[] = [];
  for (const w of words) {
    const word = w.trim();
    if (!word) continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(word).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
    if (texts.some((t) => re.test(t))) found.push(word.toLowerCase());
  }
  return found;
}

/** The configured list (comma-separated) as words. */
export function bannedWordList(csv: string): string[] {
  return csv
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
}

/**
 * Scores a submission from 0 (nothing unusual) to 100 and says why, in words an
 * admin can act on. Pure: the same facts always give the same score.
 */
export function scoreRisk(f: RiskFacts): Risk {
  let score = 0;
  const reasons: string[] = [];
  if (f.accountAgeMs < NEW_ACCOUNT_DAYS * DAY) {
    score += WEIGHTS.newAccount;
    const days = Math.max(0, Math.floor(f.accountAgeMs / DAY));
    reasons.push(`New account: the seller signed up ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}.`);
  }
  if (f.price !== null && f.median !== null && f.median > 0 && f.samples >= MIN_PRICE_SAMPLES) {
    const ratio = f.price / f.median;
    const pct = Math.round(ratio * 100);
    const median = formatMoney(Math.round(f.median), f.currency);
    if (ratio < LOW_PRICE_RATIO) {
      score += WEIGHTS.lowPrice;
      reasons.push(`Price is ${pct}% of the category median (${median} over ${f.samples} listings): unusually low.`);
    } else if (ratio > HIGH_PRICE_RATIO) {
      score += WEIGHTS.highPrice;
      reasons.push(`Price is ${pct}% of the category median (${median} over ${f.samples} listings): unusually high.`);
    }
  }
  const banned = bannedWordsIn(f.texts, f.bannedWords);
  if (banned.length > 0) {
    score += WEIGHTS.bannedWord + 10 * (banned.length - 1);
    reasons.push(`Banned words: ${banned.map((w) => `“${w}”`).join(', ')}.`);
  }
  if (f.images === 0) {
    score += WEIGHTS.noImages;
    reasons.push('No photos.');
  }
  return { score: Math.min(100, score), reasons };
}

function attributeTexts(attributes: Record<string, unknown>): string[] {
  return Object.values(attributes ?? {}).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
}

const DEFAULT_BANNED = 'replica,counterfeit,fake id,stolen,wire transfer only';

/**
 * A risk score on submission (higher is riskier) and the reasons shown to the admin.
 * Pass the configured `bannedWords` (`bannedWordList(config.BANNED_WORDS)`); without
 * it the environment's BANNED_WORDS or the default list applies.
 */
export async function assessRisk(db: Knex | Knex.Transaction, listing: RiskInput, opts: { bannedWords?: string[]; now?: Date } = {}): Promise<Risk> {
  const currency = listing.currency ?? 'EUR';
  // one after the other: inside a transaction they share one connection
  const seller = (await db('users').where({ id: listing.seller_id }).first('created_at')) as { created_at: Date } | undefined;
  const stats = await categoryPriceStats(db, listing.category_id, currency, listing.id);
  const images = await imageCount(db, listing.id);
  const now = opts.now ?? clock.now();
  return scoreRisk({
    accountAgeMs: seller ? now.getTime() - new Date(seller.created_at).getTime() : 0,
    price: listing.price,
    currency,
    median: stats.median,
    samples: stats.samples,
    texts: [listing.title, listing.description, ...attributeTexts(listing.attributes)],
    bannedWords: opts.bannedWords ?? bannedWordList(process.env.BANNED_WORDS ?? DEFAULT_BANNED),
    images,
  });
}
