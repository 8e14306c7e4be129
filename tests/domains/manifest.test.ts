import { describe, expect, it } from 'vitest';
import { domains, wiring } from '../../src/domains.js';
import { wireDomains, WiringError, type DomainManifest } from '../../src/domains/manifest.js';
import type { Reactions } from '../../src/outbox/reaction.js';
import type { WebhookHandler } from '../../src/payments/webhook-types.js';

const noop = () => undefined;
const job = async () => undefined;
const hook: WebhookHandler = async () => undefined;

const refusal = (ds: DomainManifest[]) => {
  try {
    wireDomains(ds);
  } catch (e) {
    expect(e).toBeInstanceOf(WiringError);
    return (e as Error).message;
  }
  throw new Error('wired without complaint');
};

describe('wiring the domain list', () => {
  it('wires the real list without a duplicate', () => {
    const w = wireDomains(domains);
    expect(w.routes.length).toBeGreaterThan(100);
    expect(w.processors.notifications['from-event']).toBeTypeOf('function');
    expect(w.drafts['listing.contacted']).toBeTypeOf('function');
    expect(w.webhooks.get('payment_intent.succeeded')).toHaveLength(2);
    expect(wiring().routes).toHaveLength(w.routes.length);
    expect(new Set(domains.map((d) => d.name)).size).toBe(domains.length);
  });

  it('declares only what a domain has: no empty parts', () => {
    for (const d of domains) {
      for (const part of ['reactions', 'drafts', 'webhooks'] as const) {
        for (const set of [d[part] ?? []].flat()) expect(Object.keys(set).length, `${d.name}.${part}`).toBeGreaterThan(0);
      }
      for (const set of [d.jobs ?? []].flat()) expect(Object.keys(set.processors).length, `${d.name}.jobs`).toBeGreaterThan(0);
      if (d.routes) expect(d.routes.length, `${d.name}.routes`).toBeGreaterThan(0);
    }
  });

  it('refuses two domains of one name', () => {
    expect(refusal([{ name: 'shop' }, { name: 'shop' }])).toBe('Duplicate domain name shop: declared twice by the shop domain.');
  });

  it('refuses one method and path twice, whatever the parameters are called, in one domain or two', () => {
    const a: DomainManifest = { name: 'a', routes: [{ method: 'get', path: '/things/:id', handlers: [noop] }] };
    const b: DomainManifest = { name: 'b', routes: [{ method: 'get', path: '/things/:thingId', handlers: [noop] }] };
    expect(refusal([a, b])).toBe('Duplicate route GET /things/:: declared by both the a and the b domains.');
    const twice: DomainManifest = { name: 'a', routes: [...a.routes!, ...a.routes!] };
    expect(refusal([twice])).toBe('Duplicate route GET /things/:: declared twice by the a domain.');
    // another method on the same path is another route
    expect(() => wireDomains([a, { name: 'b', routes: [{ method: 'delete', path: '/things/:id', handlers: [noop] }] }])).not.toThrow();
  });

  it('refuses one queue and job name twice', () => {
    const a: DomainManifest = { name: 'a', jobs: { processors: { maintenance: { sweep: job } } } };
    const b: DomainManifest = { name: 'b', jobs: [{ processors: { listings: { sweep: job } } }, { processors: { maintenance: { sweep: job } } }] };
    expect(refusal([a, b])).toBe('Duplicate job maintenance/sweep: declared by both the a and the b domains.');
    // the same name on another queue is another job
    expect(() => wireDomains([a, { name: 'b', jobs: { processors: { listings: { sweep: job } } } }])).not.toThrow();
  });

  it('combines several domains reacting to one topic, but refuses one domain declaring a topic twice', () => {
    const x: Reactions = { 'thing.done': { jobs: [{ queue: 'notifications', name: 'x' }] } };
    const y: Reactions = { 'thing.done': { jobs: [{ queue: 'documents', name: 'y' }] } };
    const a: DomainManifest = { name: 'a', reactions: x };
    const b: DomainManifest = { name: 'b', reactions: y };
    expect(wireDomains([a, b]).reactions['thing.done'].jobs).toEqual([
      { queue: 'notifications', name: 'x' },
      { queue: 'documents', name: 'y' },
    ]);
    expect(refusal([{ name: 'a', reactions: [x, y] }])).toBe('Duplicate reaction topic thing.done: declared twice by the a domain.');
  });

  it('refuses two authors of one topic’s notifications', () => {
    const a: DomainManifest = { name: 'a', drafts: { 'thing.done': () => [] } };
    const b: DomainManifest = { name: 'b', drafts: { 'thing.done': () => [] } };
    expect(refusal([a, b])).toBe('Duplicate notification draft topic thing.done: declared by both the a and the b domains.');
  });

  it('runs several domains’ webhook handlers of one type in list order, but refuses one domain handling a type twice', () => {
    const first: WebhookHandler = async () => undefined;
    const w = wireDomains([
      { name: 'a', webhooks: { 'charge.done': first } },
      { name: 'b', webhooks: { 'charge.done': hook } },
    ]);
    expect(w.webhooks.get('charge.done')).toEqual([first, hook]);
    expect(refusal([{ name: 'a', webhooks: [{ 'charge.done': first }, { 'charge.done': hook }] }])).toBe(
      'Duplicate webhook handler for charge.done: declared twice by the a domain.',
    );
  });
});
