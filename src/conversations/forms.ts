import { z } from 'zod';

/** Longest message, in characters (the database allows some more as a last line). */
export const MESSAGE_MAX = 1000;
export const REPORT_REASON_MAX = 500;

/** Postgres cannot store a NUL byte in text: refused here with a message instead of failing the insert. */
const refineNoNul = (what: string) =>
  z.string().refine((s) => !s.includes('\u0000'), `${what} contains a NUL character, which cannot be sent. Remove it and try again.`);

/** A message's text: line endings made one, surrounding space trimmed, not empty, not too long, no NUL. */
export function messageField(emptyMessage = 'Write a message.') {
  return refineNoNul('Your message')
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, emptyMessage).max(MESSAGE_MAX, `Keep it to ${MESSAGE_MAX} characters or fewer.`));
}

export const replySchema = z.object({ body: messageField() });

export const reportSchema = z.object({
  reason: refineNoNul('The reason')
    .optional()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(REPORT_REASON_MAX, `Keep it to ${REPORT_REASON_MAX} characters or fewer.`)),
});

export const resolutionSchema = z.object({
  note: refineNoNul('The note')
    .transform((s) => s.trim())
    .pipe(z.string().min(3, 'Say in a few words what was done (at least 3 characters).').max(500, 'Use at most 500 characters.')),
});
