/**
 * Card checks and Stripe's test cards, for the local gateway's hosted page. Messages
 * are Stripe's own wording, so what a buyer reads here is what they would read there.
 */
export type CardOutcome =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string; declineCode: string; message: string }
  | { kind: 'authenticate' };

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
  '5555555555554444': { kind: 'succeed' },
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

/** Field messages for what the buyer typed, checked against `now` for the expiry. */
export function cardErrors(input: CardInput, now: Date): CardErrors {
  const errors: CardErrors = {};
  const digits = cardDigits(input.number);
  if (!digits) errors.number = 'Enter your card number.';
  else if (!/^\d+$/.test(digits)) errors.number = 'Your card number is invalid.';
  else if (digits.length < 13) errors.number = 'Your card number is incomplete.';
  else if (digits.length > 19 || !luhnOk(digits)) errors.number = 'Your card number is invalid.';

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

  const amex = /^3[47]/.test(digits);
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
