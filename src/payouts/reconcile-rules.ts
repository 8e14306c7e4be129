import type { GatewayRecord } from '../payments/gateway.js';

export type ObjectType = 'payment' | 'refund' | 'payout';
export type MismatchKind = 'missing_in_ledger' | 'missing_at_gateway' | 'amount_differs' | 'status_differs';

/** What the ledger says about one gateway object: the money it moved for it, and whether that was undone. */
export interface LedgerFact {
  objectType: ObjectType;
  gatewayId: string;
  amount: number;
  /** a later transfer gave the money back (a payout the bank returned, a card refund that failed) */
  reversed: boolean;
  created: Date;
}

export interface Mismatch {
  kind: MismatchKind;
  objectType: ObjectType;
  gatewayId: string;
  ledgerAmount: number | null;
  gatewayAmount: number | null;
  ledgerStatus: string | null;
  gatewayStatus: string | null;
  detail: string;
}

/** Gateway statuses under which money really moved (and the ledger must show it). */
const MOVED: Record<ObjectType, string[]> = {
  payment: ['succeeded'],
  refund: ['succeeded', 'pending'],
  payout: ['paid'],
};
/** Statuses under which money did not (or no longer) move. */
const NOT_MOVED: Record<ObjectType, string[]> = {
  payment: ['requires_payment_method', 'canceled'],
  refund: ['failed', 'canceled'],
  payout: ['failed', 'canceled'],
};

const ledgerStatus = (f: LedgerFact) => (f.reversed ? 'reversed' : 'recorded');
const within = (d: Date, from: Date, to: Date) => d.getTime() >= from.getTime() && d.getTime() < to.getTime();

/**
 * Compares the two books for [from, to). Both sides are read with a margin around the
 * period so an operation recorded just before midnight on one side and just after on the
 * other still matches; only objects created inside the period are reported. Pure.
 */
export function compareBooks(ledger: LedgerFact[], gateway: GatewayRecord[], from: Date, to: Date): Mismatch[] {
  const out: Mismatch[] = [];
  const byId = new Map<string, LedgerFact>();
  for (const f of ledger) byId.set(f.gatewayId, f);
  const atGateway = new Set(gateway.map((g) => g.id));

  for (const g of gateway) {
    if (!within(g.created, from, to)) continue;
    const type = g.kind as ObjectType;
    const fact = byId.get(g.id);
    const base = { objectType: type, gatewayId: g.id, gatewayAmount: g.amount, gatewayStatus: g.status };
    if (MOVED[type].includes(g.status)) {
      if (!fact) {
        out.push({ ...base, kind: 'missing_in_ledger', ledgerAmount: null, ledgerStatus: null, detail: `The gateway shows a ${g.status} ${type} that the ledger never recorded.` });
        continue;
      }
      if (fact.reversed) {
        out.push({ ...base, kind: 'status_differs', ledgerAmount: fact.amount, ledgerStatus: 'reversed', detail: `The gateway shows the ${type} as ${g.status}, the ledger gave the money back.` });
        continue;
      }
      if (fact.amount !== g.amount) {
        out.push({ ...base, kind: 'amount_differs', ledgerAmount: fact.amount, ledgerStatus: ledgerStatus(fact), detail: `The amounts differ by ${Math.abs(fact.amount - g.amount)} minor units.` });
      }
    } else if (NOT_MOVED[type].includes(g.status) && fact && !fact.reversed) {
      out.push({ ...base, kind: 'status_differs', ledgerAmount: fact.amount, ledgerStatus: 'recorded', detail: `The gateway shows the ${type} as ${g.status}, but the ledger counts the money as moved.` });
    }
  }

  for (const f of ledger) {
    if (!within(f.created, from, to) || atGateway.has(f.gatewayId)) continue;
    out.push({
      kind: 'missing_at_gateway',
      objectType: f.objectType,
      gatewayId: f.gatewayId,
      ledgerAmount: f.amount,
      gatewayAmount: null,
      ledgerStatus: ledgerStatus(f),
      gatewayStatus: null,
      detail: `The ledger records a ${f.objectType} the gateway does not know.`,
    });
  }
  return out;
}
