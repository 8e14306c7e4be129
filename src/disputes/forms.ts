import { z } from 'zod';
import { parseMoney } from '../lib/money.js';
import type { DisputeReason } from './queries.js';

/** What a buyer picks from when opening a dispute. */
export const DISPUTE_REASONS: Record<DisputeReason, string> = {
  not_received: 'It has not arrived',
  not_as_described: 'It is not as described',
  damaged: 'It arrived damaged',
};

export const MESSAGE_MAX = 4000;

const reason = z.preprocess((v) => v ?? '', z.enum(Object.keys(DISPUTE_REASONS) as [DisputeReason, ...DisputeReason[]], { error: 'Choose what went wrong.' }));

export const openSchema = z.object({
  reason,
  message: z
    .string({ error: 'Describe the problem.' })
    .trim()
    .min(10, 'Describe the problem in at least 10 characters.')
    .max(MESSAGE_MAX, `Use at most ${MESSAGE_MAX} characters.`),
});

export const messageSchema = z.object({
  message: z.string({ error: 'Write a message.' }).trim().min(1, 'Write a message.').max(MESSAGE_MAX, `Use at most ${MESSAGE_MAX} characters.`),
});

const amount = (message: string) =>
  z.preprocess(
    (v) => v ?? '',
    z.string().transform((v, ctx) => {
      const minor = parseMoney(v);
      if (minor === null || minor === 0) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return minor;
    }),
  );

export const refundSchema = z.object({ amount: amount('Enter the amount to refund, like 12.50.') });

export const DECISIONS = {
  release: 'Release the payment to the seller',
  refund: 'Refund the buyer in full',
  split: 'Split: refund part to the buyer',
} as const;
export type DecisionKind = keyof typeof DECISIONS;

export const decisionSchema = z
  .object({
    decision: z.preprocess((v) => v ?? '', z.enum(Object.keys(DECISIONS) as [DecisionKind, ...DecisionKind[]], { error: 'Choose a decision.' })),
    reason: z.string({ error: 'Give the reason for the decision.' }).trim().min(3, 'Give the reason for the decision (at least 3 characters).').max(1000, 'Use at most 1000 characters.'),
    amount: z.string().optional().default(''),
  })
  .transform((v, ctx) => {
    if (v.decision !== 'split') return { decision: v.decision, reason: v.reason, amount: 0 };
    const minor = parseMoney(v.amount);
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the part to refund to the buyer, like 12.50.' });
      return z.NEVER;
    }
    return { decision: v.decision, reason: v.reason, amount: minor };
  });
export type DecisionInput = z.infer<typeof decisionSchema>;
