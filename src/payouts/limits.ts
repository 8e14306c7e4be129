import { formatMoney } from '../lib/money.js';

export interface PayoutLimits {
  /** smallest payout, minor units */
  min: number;
  /** most that may leave one account per UTC day, minor units */
  dailyLimit: number;
  /** most payout requests per UTC day */
  perDay: number;
}

export interface PayoutAsk {
  amount: number;
  available: number;
  /** requests made today, and the amount of today's that still count (rejected/failed ones do not) */
  todayCount: number;
  todayTotal: number;
  currency: string;
}

export type LimitRefusal = { field: 'amount' | 'form'; message: string };

/** The first rule a payout request breaks, or null. Pure, so every limit is easy to reason about and test. */
export function payoutRefusal(ask: PayoutAsk, limits: PayoutLimits): LimitRefusal | null {
  const money = (n: number) => formatMoney(n, ask.currency);
  if (!Number.isSafeInteger(ask.amount) || ask.amount <= 0) return { field: 'amount', message: 'Enter an amount greater than zero.' };
  if (ask.amount < limits.min) return { field: 'amount', message: `The smallest payout is ${money(limits.min)}.` };
  if (ask.amount > ask.available) {
    return { field: 'amount', message: ask.available > 0 ? `You have ${money(ask.available)} available to pay out.` : 'You have no funds available to pay out.' };
  }
  if (ask.todayCount >= limits.perDay) {
    return { field: 'form', message: `You can request at most ${limits.perDay} payout${limits.perDay === 1 ? '' : 's'} a day. Try again tomorrow.` };
  }
  const left = Math.max(0, limits.dailyLimit - ask.todayTotal);
  if (ask.amount > left) {
    return {
      field: 'amount',
      message: left > 0 ? `You can pay out ${money(left)} more today (daily limit ${money(limits.dailyLimit)}).` : `You have reached today’s payout limit of ${money(limits.dailyLimit)}.`,
    };
  }
  return null;
}

/** The UTC day containing `at`: [start, end). */
export function utcDay(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  return { start, end: new Date(start.getTime() + 86_400_000) };
}
