import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { randomToken } from '../lib/ids.js';
import { ErrorFlash, ErrorMessage, errorTitle } from '../../views/errors/error.js';
import { hx } from './htmx.js';
import { redirect, render } from './render.js';

/**
 * Request-level idempotency for money-moving forms. The form carries a one-time
 * key (`<IdempotencyField />`); `once()` records the key and the response in the
 * same transaction as the money work, so a double click, a browser retry or a
 * replayed request moves money once and answers the same as the first time.
 */

/** What a money-moving request answered, stored so a replay answers the same. */
export interface StoredResponse {
  status: number;
  /** where to send the browser (303, or HX-Redirect for htmx) */
  redirect?: string;
  flash?: { kind: 'info' | 'error'; text: string };
  /** an HTML body, when the answer is not a redirect */
  body?: string;
}

export interface OnceRequest {
  userId: number;
  /** the submitted `idempotency_key` field (unvalidated: `once` checks it) */
  key: unknown;
  /** what kind of operation this is (e.g. 'payout.request'); part of the fingerprint */
  scope: string;
  /** the parsed parameters that define the operation; a replay must send the same */
  params: unknown;
  /** IDEMPOTENCY_RETENTION_DAYS: a form older than this is refused as expired */
  retentionDays?: number;
}

export const IDEMPOTENCY_KEY_FIELD = 'idempotency_key';

/** How long idempotency records are kept, and so how long a money-moving form stays valid (IDEMPOTENCY_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600_000;

/**
 * A fresh one-time key for a form: the time it was issued (milliseconds, 9
 * base-36 digits) and 128 random bits, e.g. `0mwqyrnef_Q2x…`. The issue time
 * lets `once()` refuse a form older than its records are kept.
 */
export function newIdempotencyKey(issuedAtMs = clock.nowMs()): string {
  return `${Math.floor(issuedAtMs).toString(36).padStart(9, '0')}_${randomToken(16)}`;
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;
const ISSUED_KEY = /^([0-9a-z]{9})_[A-Za-z0-9_-]{22}$/;

/** When a key from `newIdempotencyKey` was issued; null for any other key. */
export function keyIssuedAt(key: string): number | null {
  const m = ISSUED_KEY.exec(key);
  return m ? parseInt(m[1], 36) : null;
}

/**
 * Whether a form's key is older than the records are kept (or carries no issue
 * time): its record may be gone, so it must never run, only replay a record
 * that is still there.
 */
export function isExpiredKey(key: string, retentionDays = DEFAULT_RETENTION_DAYS, nowMs = clock.nowMs()): boolean {
  const issued = keyIssuedAt(key);
  return issued === null || issued < nowMs - retentionDays * DAY_MS;
}

/** The same key came back with other values: nothing was moved. */
export const CONFLICT_MESSAGE = 'This form was already submitted with different values. Nothing was changed; please reload the page and try again.';
export const MISSING_KEY_MESSAGE = 'This form is missing its one-time key. Nothing was changed; please reload the page and try again.';
/** The form is older than its record would be kept: it is not run again, whatever happened the first time. */
export const EXPIRED_MESSAGE = 'This form has expired. Nothing was changed; please reload the page and try again.';

/** A stable fingerprint of the operation: key order in objects does not matter. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function paramsHash(scope: string, params: unknown): string {
  return createHash('sha256').update(JSON.stringify([scope, canonical(params)])).digest('base64url');
}

/** The response in one fixed shape, so the first answer and a replay (read back from jsonb) are identical. */
function shape(r: StoredResponse): StoredResponse {
  const out: StoredResponse = { status: r.status };
  if (r.redirect !== undefined) out.redirect = r.redirect;
  if (r.flash) out.flash = { kind: r.flash.kind, text: r.flash.text };
  if (r.body !== undefined) out.body = r.body;
  return out;
}

function refusal(text: string): StoredResponse & { replayed: false } {
  return { status: 422, flash: { kind: 'error', text }, replayed: false };
}

/**
 * Runs `run(trx)` at most once per (user, key). The key row is inserted in the
 * same transaction as the money work: a crash leaves neither, a concurrent
 * duplicate waits on the key's unique index and then answers the stored
 * response. A response with status ≥ 400 is not stored and its transaction is
 * rolled back (nothing moved), so the same key may be tried again. Same key with
 * different params → 422, nothing moved. A missing or malformed key → 422.
 * A key older than the retention window (or without an issue time) never runs:
 * its stored response is replayed while the record is kept, and after that it
 * is refused as expired (422), so a pruned record cannot let a form run twice.
 */
export async function once(db: Knex, req: OnceRequest, run: (trx: Knex.Transaction) => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
  if (typeof req.key !== 'string' || !KEY_PATTERN.test(req.key)) return refusal(MISSING_KEY_MESSAGE);
  const key = req.key;
  const hash = paramsHash(req.scope, req.params);
  if (isExpiredKey(key, req.retentionDays)) {
    const prior = await db('idempotency_requests').select('params_hash', 'response').where({ user_id: req.userId, key }).first();
    if (!prior) return refusal(EXPIRED_MESSAGE);
    if (prior.params_hash !== hash) return refusal(CONFLICT_MESSAGE);
    return { ...shape(prior.response as StoredResponse), replayed: true };
  }
  const rolledBack = Symbol('rolled back');
  let failed: StoredResponse | null = null;
  try {
    return await db.transaction(async (trx) => {
      const claimed = await trx.raw(
        `insert into idempotency_requests (user_id, key, scope, params_hash, response) values (?, ?, ?, ?, '{}')
         on conflict (user_id, key) do nothing returning 1`,
        [req.userId, key, req.scope, hash],
      );
      if (claimed.rows.length === 0) {
        // a committed earlier request: answer what it answered, or refuse other values
        const prior = await trx('idempotency_requests').select('params_hash', 'response').where({ user_id: req.userId, key }).first();
        if (!prior || prior.params_hash !== hash) return refusal(CONFLICT_MESSAGE);
        return { ...shape(prior.response as StoredResponse), replayed: true };
      }
      const response = await run(trx);
      if (response.status >= 400) {
        failed = response;
        throw rolledBack;
      }
      const stored = shape(response);
      await trx('idempotency_requests').where({ user_id: req.userId, key }).update({ response: JSON.stringify(stored) });
      return { ...stored, replayed: false };
    });
  } catch (err) {
    if (err === rolledBack && failed) return { ...(failed as StoredResponse), replayed: false };
    throw err;
  }
}

/** Rows deleted per statement when pruning, so no single delete holds many locks or a long transaction. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes idempotency records older than the retention window, in batches. Their
 * forms are refused as expired by then (see `once`), so nothing can run twice.
 */
export async function pruneIdempotencyRecords(db: Knex, retentionDays = DEFAULT_RETENTION_DAYS, nowMs = clock.nowMs()): Promise<number> {
  const cutoff = new Date(nowMs - retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.raw(
      `delete from idempotency_requests where ctid = any(array(
         select ctid from idempotency_requests where created_at < ? limit ?
       ))`,
      [cutoff, PRUNE_BATCH],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < PRUNE_BATCH) return deleted;
  }
}

/**
 * Answers with a stored response, the same way for the first request and every
 * replay: a redirect is a 303 with the flash for a plain form and HX-Redirect for
 * htmx; a body is sent as is; anything else is a small page with the message.
 */
export async function replyStored(req: Request, res: Response, stored: StoredResponse): Promise<void> {
  if (stored.redirect) {
    redirect(req, res, stored.redirect, stored.flash);
    return;
  }
  if (stored.body !== undefined) {
    res.status(stored.status).type('html').send(stored.body);
    return;
  }
  const text = stored.flash?.text ?? (stored.status >= 400 ? 'That request could not be completed.' : 'Done.');
  if (req.htmx?.request && !req.htmx.boosted) {
    hx.retarget(res, '#flash');
    res.status(stored.status).type('html').send(await ErrorFlash({ status: stored.status, message: text }));
    return;
  }
  await render(req, res, {
    title: stored.status >= 400 ? errorTitle(stored.status) : 'Done',
    status: stored.status,
    body: () => ErrorMessage({ status: stored.status, message: text }),
  });
}
