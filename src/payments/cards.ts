/**
 * Card checks and Stripe's test cards, for the local gateway's hosted page. Messages
 * are Stripe's own wording, so what a buyer reads here is what they would read there.
 */
export type CardOutcome =
  | { kind: 'succeed'; refunds?: RefundBehaviour }
  | { kind: 'decline'; code: string; declineCode: string; message: string }
  | { kind: 'authenticate' };

/**
 * What happens to a refund of a payment made with the card, as Stripe's test mode documents:
 * `immediate` succeeds at once; `pending_then_succeeded` starts pending and later succeeds
 * (refund.updated); `succeeded_then_failed` starts succeeded and later fails with
 * `expired_or_canceled_card` (refund.updated and refund.failed).
 */
export type RefundBehaviour = 'immediate' | 'pending_then_succeeded' | 'succeeded_then_failed';

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export type CardErrors = Partial<Record<keyof CardInput, string>>;

const DECLINED = { kind: 'decline', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' } as const;

/** Stripe's documented test numbers and what they do. Any other valid number is declined. */
export const TEST_CARDS: Record<string, CardOutcome> = {
  '4242424242424242': { kind: 'succeed' },
  '4000056655665556': { kind: 'succeed' },
  '5555555555554444': { kind: 'succeed' },
  '378282246310005': { kind: 'succeed' },
  '4000000000007726': { kind: 'succeed', refunds: 'pending_then_succeeded' },
  '4000000000005126': { kind: 'succeed', refunds: 'succeeded_then_failed' },
  '4000000000000002': DECLINED,
  '4000000000009995': { kind: 'decline', code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000002500003155': { kind: 'authenticate' },
};

export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const cardDigits = (s: string) => s.replace(/[\s-]/g, '');

/** American Express: 34 or 37, always 15 digits, a 4-digit security code on the front. */
const amexNumber = (digits: string) => /^3[47]/.test(digits);

/** Field messages for what the buyer typed, checked against `now` for the expiry. */
export function cardErrors(input: CardInput, now: Date): CardErrors {
  const errors: CardErrors = {};
  const digits = cardDigits(input.number);
  if (!digits) errors.number = 'Enter your card number.';
  else if (!/^\d+$/.test(digits)) errors.number = 'Your card number is invalid.';
  else if (digits.length < (amexNumber(digits) ? 15 : 13)) errors.number = 'Your card number is incomplete.';
  else if (digits.length > (amexNumber(digits) ? 15 : 19) || !luhnOk(digits)) errors.number = 'Your card number is invalid.';

  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  if (!input.expiry.trim()) errors.expiry = 'Enter the expiry date (MM / YY).';
  else if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) errors.expiry = 'Your card’s expiration date is incomplete or invalid. Use MM / YY.';
  else {
    const month = Number(m[1]);
    const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    const nowMonths = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (year * 12 + (month - 1) < nowMonths) errors.expiry = 'Your card’s expiration date is in the past.';
    else if (year > now.getUTCFullYear() + 50) errors.expiry = 'Your card’s expiration year is invalid.';
  }

  const amex = amexNumber(digits);
  const cvc = input.cvc.trim();
  if (!cvc) errors.cvc = 'Enter the security code (CVC).';
  else if (!/^\d+$/.test(cvc) || cvc.length !== (amex ? 4 : 3)) errors.cvc = amex ? 'Your card’s security code is invalid: use the 4 digits on the front.' : 'Your card’s security code is invalid: use the 3 digits on the back.';

  const name = input.name.trim();
  if (!name) errors.name = 'Enter the name on the card.';
  else if (name.length > 100) errors.name = 'Use at most 100 characters.';
  return errors;
}

/** What the test gateway does with a valid card number. */
export function cardOutcome(number: string): CardOutcome {
  return TEST_CARDS[cardDigits(number)] ?? DECLINED;
}

/**
 * How refunds of a payment behave, from the last four digits the payment keeps. Among the
 * test cards that can pay, no two share their last four, so this names one card.
 */
export function refundBehaviour(last4: string | null): RefundBehaviour {
  if (!last4) return 'immediate';
  for (const [number, outcome] of Object.entries(TEST_CARDS)) {
    if (number.endsWith(last4) && outcome.kind === 'succeed') return outcome.refunds ?? 'immediate';
  }
  return 'immediate';
}

/** The last four digits of the test cards whose refunds behave this way. */
export function lastFourRefunding(behaviour: Exclude<RefundBehaviour, 'immediate'>): string[] {
  return Object.entries(TEST_CARDS)
    .filter(([, o]) => o.kind === 'succeed' && o.refunds === behaviour)
    .map(([number]) => number.slice(-4));
}
