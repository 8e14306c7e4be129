import type { z } from 'zod';
import { unguard, withoutUnstorable } from './text.js';

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Validates a form body; on failure returns the first message per field and the user's input. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.infer<S>> {
  // text Postgres cannot store (a NUL byte) is refused here, with the message beside its field
  const { raw, errors: unstorable } = unguard(body);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && k !== '_csrf' && !/password/.test(k)) values[withoutUnstorable(k)] = withoutUnstorable(v);
  const result = schema.safeParse(raw);
  if (result.success && Object.keys(unstorable).length === 0) return { ok: true, data: result.data };
  const errors: FieldErrors = { ...unstorable };
  if (result.success) return { ok: false, errors, values };
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (!errors[key]) errors[key] = issue.code === 'invalid_type' ? 'This field is required.' : issue.message;
  }
  return { ok: false, errors, values };
}

/** A positive integer route parameter, or null. */
export function idParam(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}
