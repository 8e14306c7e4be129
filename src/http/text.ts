import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';
import type { FieldErrors } from './validate.js';

/**
 * Text Postgres cannot store: a NUL character (it refuses the whole statement)
 * and a lone UTF-16 surrogate (the driver would silently turn it into U+FFFD).
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The message shown beside a field whose text cannot be stored. */
export const UNSTORABLE_MESSAGE = 'This contains an invisible or broken character (such as a NUL byte); remove it and try again.';

/** True when a string (or any string inside an array or object) cannot be stored as text. */
export function hasUnstorableText(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return UNSTORABLE.test(v);
  if (depth > 8 || v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return false;
  return Object.entries(v).some(([k, x]) => UNSTORABLE.test(k) || hasUnstorableText(x, depth + 1));
}

/** The string without the characters that cannot be stored (for showing the user's input back). */
export const withoutUnstorable = (s: string): string => s.replace(UNSTORABLE_ALL, '');

/** Each top-level field of a form or query whose value cannot be stored, with the message for it. */
export function unstorableFields(body: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return errors;
  for (const [k, v] of Object.entries(body)) {
    if (UNSTORABLE.test(k)) errors.form = UNSTORABLE_MESSAGE;
    else if (hasUnstorableText(v)) errors[k] = UNSTORABLE_MESSAGE;
  }
  return errors;
}

/** Names a field for a message that is not shown beside it. */
const fieldName = (key: string) => (key === 'form' ? 'the form' : `“${withoutUnstorable(key).replace(/_/g, ' ').slice(0, 40)}”`);

const guarded = new WeakMap<object, { raw: Record<string, unknown>; errors: FieldErrors }>();

/** The plain object behind a guarded form or query, and the fields in it that cannot be stored. */
export function unguard(body: unknown): { raw: Record<string, unknown>; errors: FieldErrors } {
  const g = body && typeof body === 'object' ? guarded.get(body) : undefined;
  if (g) return g;
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return { raw, errors: unstorableFields(raw) };
}

function guard(obj: Record<string, unknown>, errors: FieldErrors): Record<string, unknown> {
  const refuse = (key: string) => new HttpError(422, `The text in ${fieldName(key)} contains an invisible or broken character (such as a NUL byte). Remove it and try again.`);
  const firstBad = Object.keys(errors)[0];
  const proxy = new Proxy(obj, {
    get(target, key, receiver) {
      if (typeof key === 'string' && (errors[key] !== undefined || (errors.form !== undefined && !(key in target)))) throw refuse(key in target ? key : 'form');
      return Reflect.get(target, key, receiver);
    },
    ownKeys() {
      throw refuse(firstBad);
    },
  });
  guarded.set(proxy, { raw: obj, errors });
  return proxy;
}

/**
 * The edge for text Postgres cannot store, in every form and query string. A
 * request that carries such text is not refused at once: `parseForm` shows the
 * form again with the message beside the field. Any other code that reads the
 * field (`req.body.x`, a spread, `req.query.q`) gets a 422 naming the field
 * instead of the value, so the text never reaches a query and nothing is written.
 * Mounted after every body parser (urlencoded and the multipart upload parsers).
 */
export function unstorableTextGuard(req: Request, _res: Response, next: NextFunction): void {
  // a NUL in the path would reach a slug or name lookup: no page has one
  if (/%00/.test(req.path)) return next(new HttpError(404, 'That page could not be found.'));
  const body = req.body as unknown;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body) && !guarded.has(body)) {
    const errors = unstorableFields(body);
    if (Object.keys(errors).length) req.body = guard(body as Record<string, unknown>, errors);
  }
  const query = req.query as Record<string, unknown>;
  const qErrors = unstorableFields(query);
  if (Object.keys(qErrors).length) Object.defineProperty(req, 'query', { value: guard(query, qErrors), configurable: true, enumerable: true });
  next();
}
