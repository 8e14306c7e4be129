import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessRisk, bannedWordsIn, scoreRisk, type RiskFacts } from '../../src/moderation/risk.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';

const DAY = 86_400_000;
const banned = ['replica', 'counterfeit', 'fake id', 'stolen', 'wire transfer only'];
const calm: RiskFacts = { accountAgeMs: 400 * DAY, price: 1000, currency: 'EUR', median: 1000, samples: 10, texts: ['Oak table', 'Solid, a little worn.'], bannedWords: banned, images: 3 };

describe('scoreRisk (pure)', () => {
  it('gives nothing unusual a zero', () => {
    expect(scoreRisk(calm)).toEqual({ score: 0, reasons: [] });
  });

  it('flags a new account (under 7 days) but not an older one', () => {
    const young = scoreRisk({ ...calm, accountAgeMs: 2 * DAY });
    expect(young.score).toBeGreaterThan(0);
    expect(young.reasons[0]).toMatch(/New account.*2 days ago/);
    expect(scoreRisk({ ...calm, accountAgeMs: 7 * DAY }).score).toBe(0);
  });

  it('flags a price far below or above the category median, given enough samples', () => {
    const low = scoreRisk({ ...calm, price: 200 });
    expect(low.reasons.join(' ')).toMatch(/20% of the category median.*unusually low/);
    const high = scoreRisk({ ...calm, price: 3500 });
    expect(high.reasons.join(' ')).toMatch(/350% of the category median.*unusually high/);
    expect(low.score).toBeGreaterThan(high.score);
    expect(scoreRisk({ ...calm, price: 300 }).score).toBe(0); // 30% is the edge, not below it
    expect(scoreRisk({ ...calm, price: 3000 }).score).toBe(0);
    expect(scoreRisk({ ...calm, price: 100, samples: 4 }).score).toBe(0); // too few to judge
    expect(scoreRisk({ ...calm, price: null }).score).toBe(0);
  });

  it('finds banned words as whole words, in any case, and says which', () => {
    const r = scoreRisk({ ...calm, texts: ['REPLICA watch', 'payment by Wire  Transfer Only'] });
    expect(r.reasons.join(' ')).toContain('“replica”');
    expect(r.reasons.join(' ')).toContain('“wire transfer only”');
    expect(bannedWordsIn(['unstolenable padlock', 'replicas'], banned)).toEqual([]);
    expect(bannedWordsIn(['a stolen-looking bike'], banned)).toEqual(['stolen']);
    expect(bannedWordsIn(['regex chars (fake id).'], banned)).toEqual(['fake id']);
  });

  it('adds up the signals and never exceeds 100', () => {
    const worst = scoreRisk({ ...calm, accountAgeMs: 0, price: 10, texts: banned, images: 0 });
    expect(worst.score).toBe(100);
    expect(worst.reasons).toHaveLength(4);
    expect(scoreRisk({ ...calm, images: 0 }).reasons).toEqual(['No photos.']);
  });
});

describe('assessRisk (from the database)', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
  });
  afterAll(() => t?.drop());

  it('uses the seller account age, the median of active listings in the category and the attributes', async () => {
    const veteran = await createSeller(t.db);
    await t.db('users').where({ id: veteran.id }).update({ created_at: new Date(Date.now() - 90 * DAY) });
    const newcomer = await createSeller(t.db);
    const cat = await createCategoryRow(t.db);
    for (const price of [9000, 10000, 10000, 11000, 12000]) await createListing(t.db, { seller_id: veteran.id, category_id: cat.id, price });
    // not active: ignored for the median
    await createListing(t.db, { seller_id: veteran.id, category_id: cat.id, price: 10, status: 'rejected' });

    const cheap = await createListing(t.db, { seller_id: newcomer.id, category_id: cat.id, status: 'pending', price: 1500, attributes: { brand: 'Replica Co' } });
    const r = await assessRisk(t.db, { id: cheap.id, seller_id: newcomer.id, category_id: cat.id, title: 'Nice watch', description: 'Works.', price: 1500, attributes: { brand: 'Replica Co' } });
    const all = r.reasons.join(' ');
    expect(all).toContain('New account');
    expect(all).toMatch(/15% of the category median \(€100\.00 over 5 listings\)/);
    expect(all).toContain('“replica”');
    expect(all).toContain('No photos');
    expect(r.score).toBe(100);

    const fair = await createListing(t.db, { seller_id: veteran.id, category_id: cat.id, status: 'pending', price: 9500 });
    await t.db('listing_images').insert({ listing_id: fair.id, storage_key: 'k', thumb_key: 't', content_type: 'image/jpeg', bytes: 10, width: 10, height: 10 });
    const ok = await assessRisk(t.db, { id: fair.id, seller_id: veteran.id, category_id: cat.id, title: 'Watch', description: 'Fine.', price: 9500, attributes: {} });
    expect(ok).toEqual({ score: 0, reasons: [] });

    // the configured list wins over the default
    const custom = await assessRisk(t.db, { id: fair.id, seller_id: veteran.id, category_id: cat.id, title: 'Watch', description: 'Fine.', price: 9500, attributes: {} }, { bannedWords: ['watch'] });
    expect(custom.reasons.join(' ')).toContain('“watch”');
  });
});
