import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import Stripe from 'stripe';
import type { Config } from '../config.js';
import { clock } from '../lib/clock.js';
import type { Queues } from '../queue.js';
import { installationSecret } from '../settings/settings.js';

/**
 * How the local test gateway tells Souk what happened: events in Stripe's JSON shape,
 * logged in gateway_event_log, signed like Stripe signs them and POSTed over HTTP to
 * Souk's webhook endpoint by a job on the 'money' queue — late, twice or out of order
 * when chaos is on, and retried with backoff while Souk answers anything but 2xx.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A Stripe-looking id: prefix and 24 random base62 characters. */
export function gatewayId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return `${prefix}_${out}`;
}

export const toUnix = (d: Date | number) => Math.floor((typeof d === 'number' ? d : d.getTime()) / 1000);

/** Records one event in the same transaction as the change it reports; delivered after commit. */
export async function logEvent(trx: Knex.Transaction, type: string, object: Record<string, unknown> & { id: string }): Promise<string> {
  const id = gatewayId('evt');
  const event = {
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: toUnix(clock.nowMs()),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  await trx('gateway_event_log').insert({ id, type, object_id: object.id, body: JSON.stringify(event) });
  return id;
}

export function chaosOn(config: Config): boolean {
  return (config.LOCAL_GATEWAY_CHAOS ?? (config.NODE_ENV === 'test' ? 'off' : 'on')) === 'on';
}

/** mulberry32: small, seedable, good enough to make chaos reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randoms = new Map<string, () => number>();
function random(config: Config): number {
  const key = `${config.REDIS_PREFIX}:${config.LOCAL_GATEWAY_CHAOS_SEED ?? ''}`;
  let r = randoms.get(key);
  if (!r) randoms.set(key, (r = prng(config.LOCAL_GATEWAY_CHAOS_SEED ?? randomBytes(4).readUInt32LE())));
  return r();
}

/** The delays (ms) after which an event is sent: once and at once, or under chaos late and sometimes twice. */
export function deliveryPlan(config: Config): number[] {
  if (!chaosOn(config)) return [0];
  const max = config.LOCAL_GATEWAY_CHAOS_MAX_DELAY_MS;
  const plan = [Math.floor(random(config) * max)];
  if (random(config) < 0.3) plan.push(Math.floor(random(config) * max));
  return plan;
}

/** A random delay within the chaos window (0 without chaos), for the gateway's own asynchronous steps. */
export function chaosDelay(config: Config, min = 0): number {
  return chaosOn(config) ? min + Math.floor(random(config) * config.LOCAL_GATEWAY_CHAOS_MAX_DELAY_MS) : min;
}

const secrets = new WeakMap<Knex, Promise<string>>();

/**
 * The local gateway's webhook signing secret: LOCAL_GATEWAY_WEBHOOK_SECRET when set, else
 * one generated per installation and kept in the database, so the worker that signs and
 * every web process that verifies agree without configuration, and no two installations
 * share a secret someone could read in the source.
 */
export function localWebhookSecret(config: Config, db: Knex): Promise<string> {
  if (config.LOCAL_GATEWAY_WEBHOOK_SECRET) return Promise.resolve(config.LOCAL_GATEWAY_WEBHOOK_SECRET);
  let secret = secrets.get(db);
  if (!secret) {
    secret = installationSecret(db, 'local_gateway_webhook_secret', 'whsec_');
    secrets.set(db, secret);
    secret.catch(() => secrets.delete(db));
  }
  return secret;
}

export const DELIVER_JOB = 'gateway-webhook';

/** Queues the delivery of events already committed. */
export async function sendEvents(config: Config, queues: Queues, eventIds: string[]): Promise<void> {
  for (const eventId of eventIds) {
    const plan = deliveryPlan(config);
    await Promise.all(
      plan.map((delay, i) =>
        queues.money.add(DELIVER_JOB, { eventId }, { delay, jobId: `gwevt-${eventId}-${i}`, attempts: 10, backoff: { type: 'exponential', delay: 300 } }),
      ),
    );
  }
}

const originKey = (config: Config) => `${config.REDIS_PREFIX}gateway:web-origin`;
const noted = new Map<string, string>();

/**
 * Remembers where a web process can be reached (the local address of the socket a request
 * came in on — not the client-controlled Host header), so the worker can deliver events
 * when PUBLIC_URL is not set and the port was picked by the OS.
 */
export async function noteWebOrigin(req: Request, config: Config, redis: Redis): Promise<void> {
  const s = req.socket;
  if (!s.localAddress || !s.localPort) return;
  const host = s.localAddress.replace(/^::ffff:/, '');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${s.localPort}`;
  const key = originKey(config);
  if (noted.get(key) === origin) return;
  noted.set(key, origin);
  await redis.set(key, origin);
}

/** Souk's webhook URL as the local gateway sends to it. */
export async function webhookEndpoint(config: Config, redis?: Redis): Promise<string> {
  if (config.PUBLIC_URL) return new URL('/webhooks/stripe', config.PUBLIC_URL).href;
  const origin = redis ? await redis.get(originKey(config)) : null;
  return `${origin ?? `http://127.0.0.1:${config.PORT}`}/webhooks/stripe`;
}

/** One delivery attempt. Throws on anything but 2xx so the job is retried with backoff. */
export async function deliverEvent(db: Knex, config: Config, redis: Redis | undefined, eventId: string): Promise<number> {
  const ev = await db('gateway_event_log').where({ id: eventId }).first();
  if (!ev) return 0;
  const url = await webhookEndpoint(config, redis);
  // the signature time is wall-clock time, like Stripe's: it is about transport, not business time
  const header = Stripe.webhooks.generateTestHeaderString({ payload: ev.body, secret: await localWebhookSecret(config, db) });
  let status = 0;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Souk-LocalGateway/1.0' },
      body: ev.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    await res.arrayBuffer();
  } catch {
    status = 0;
  }
  const ok = status >= 200 && status < 300;
  await db('gateway_event_log')
    .where({ id: eventId })
    .update({ attempts: db.raw('attempts + 1'), last_status: status, endpoint: url, delivered_at: ok ? db.raw('coalesce(delivered_at, now())') : db.raw('delivered_at') });
  if (!ok) throw new Error(`webhook ${eventId} to ${url}: ${status ? `answered ${status}` : 'no answer'}`);
  return status;
}

/** Events never delivered (a crash between commit and queueing, or every retry spent): queue them once more. */
export async function redeliverStale(db: Knex, queues: Queues, olderThan: Date): Promise<number> {
  const rows: { id: string }[] = await db('gateway_event_log')
    .whereNull('delivered_at')
    .where('created_at', '<', olderThan)
    .where('created_at', '>', new Date(olderThan.getTime() - 3 * 24 * 3600_000))
    .orderBy('created_at')
    .limit(500)
    .select('id');
  for (const r of rows) {
    await queues.money.add(DELIVER_JOB, { eventId: r.id }, { jobId: `gwevt-${r.id}-sweep`, attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
  }
  return rows.length;
}
