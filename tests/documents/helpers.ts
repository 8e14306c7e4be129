import type { Job } from 'bullmq';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Runtime } from '../../src/runtime.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';

type Seller = Awaited<ReturnType<typeof createSeller>>;
type User = Awaited<ReturnType<typeof createUser>>;

export interface LineSpec {
  title: string;
  unitPrice: number;
  quantity?: number;
  variantLabel?: string;
}

export interface PartSpec {
  seller: Seller;
  lines: LineSpec[];
  shipping?: number;
  /** commission the marketplace keeps (never on the buyer's invoice) */
  commission?: number;
}

export interface PaidOrder {
  order: { id: number; total: number; buyer_id: number };
  sellerOrders: { id: number; seller_id: number; total: number; invoice_number: number }[];
  buyer: User;
}

export const ADDRESS = { name: 'Ana Sousa', line1: 'Rua das Flores 12', line2: '3º esq.', postal_code: '1200-195', city: 'Lisboa', country: 'PT', phone: '' };

/**
 * A paid order written straight into the tables the orders domain owns: the
 * order, one seller order per part (with its invoice number from the seller's
 * counter, as the payment allocates it) and the frozen lines.
 */
export async function paidOrder(
  db: Knex,
  opts: { buyer?: User; parts: PartSpec[]; walletAmount?: number; address?: typeof ADDRESS | null; paidAt?: Date },
): Promise<PaidOrder> {
  const buyer = opts.buyer ?? (await createUser(db, { display_name: 'Ana Sousa' }));
  const category = await createCategoryRow(db);
  const paidAt = opts.paidAt ?? new Date('2026-03-14T10:30:00Z');
  const parts = opts.parts.map((p) => {
    const items = p.lines.reduce((s, l) => s + l.unitPrice * (l.quantity ?? 1), 0);
    return { ...p, items, shipping: p.shipping ?? 0, total: items + (p.shipping ?? 0) };
  });
  const itemsTotal = parts.reduce((s, p) => s + p.items, 0);
  const shippingTotal = parts.reduce((s, p) => s + p.shipping, 0);
  const total = itemsTotal + shippingTotal;
  const wallet = Math.min(opts.walletAmount ?? 0, total);
  return db.transaction(async (trx) => {
    const [order] = await trx('orders')
      .insert({
        buyer_id: buyer.id,
        currency: 'EUR',
        status: 'paid',
        items_total: itemsTotal,
        shipping_total: shippingTotal,
        total,
        wallet_amount: wallet,
        card_amount: total - wallet,
        checkout_key: `checkout-${Date.now()}-${Math.random()}`,
        shipping_address: opts.address === null ? null : JSON.stringify(opts.address ?? ADDRESS),
        ship_days: 5,
        escrow_days: 3,
        paid_at: paidAt,
      })
      .returning(['id', 'total', 'buyer_id']);
    const sellerOrders: PaidOrder['sellerOrders'] = [];
    for (const p of parts) {
      const { rows } = await trx.raw<{ rows: { last_number: number }[] }>(
        `insert into seller_invoice_counters (seller_id, last_number) values (?, 1)
         on conflict (seller_id) do update set last_number = seller_invoice_counters.last_number + 1
         returning last_number`,
        [p.seller.id],
      );
      const [so] = await trx('seller_orders')
        .insert({
          order_id: order.id,
          seller_id: p.seller.id,
          buyer_id: buyer.id,
          currency: 'EUR',
          status: 'paid',
          items_total: p.items,
          shipping: p.shipping,
          total: p.total,
          commission: p.commission ?? Math.floor(p.items / 10),
          fulfilment: 'ship',
          needs_shipping: true,
          invoice_number: rows[0].last_number,
          paid_at: paidAt,
        })
        .returning(['id', 'seller_id', 'total', 'invoice_number']);
      sellerOrders.push(so);
      for (const l of p.lines) {
        const listing = await createListing(trx, { seller_id: p.seller.id, category_id: category.id, title: l.title });
        const quantity = l.quantity ?? 1;
        await trx('order_lines').insert({
          order_id: order.id,
          seller_order_id: so.id,
          seller_id: p.seller.id,
          listing_id: listing.id,
          kind: 'fixed',
          title: l.title,
          variant_label: l.variantLabel ?? '',
          unit_price: l.unitPrice,
          quantity,
          line_total: l.unitPrice * quantity,
          commission_rate_bp: 1000,
          commission_amount: Math.floor((l.unitPrice * quantity) / 10),
        });
      }
    }
    return { order, sellerOrders, buyer };
  });
}

/**
 * The text a PDF shows, one run per line. pdfkit writes each run as hex strings
 * in a TJ array (split where it kerns) in Windows-1252: join and decode them.
 * Needs uncompressed content streams (`compress: false`).
 */
export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const runs: string[] = [];
  for (const m of src.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
    const hex = [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
    runs.push([...Buffer.from(hex, 'hex')].map((b) => CP1252_HIGH[b] ?? String.fromCharCode(b)).join(''));
  }
  return runs.join('\n');
}

// Windows-1252 where it differs from Latin-1 (the typographic characters a document uses)
const CP1252_HIGH: Record<number, string> = { 0x80: '€', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x85: '…' };

/** Enough of a worker's runtime to run a job function in the test process. */
export function jobRuntime(db: Knex, env: NodeJS.ProcessEnv): Runtime {
  return { config: loadConfig(env), db, log: pino({ level: 'silent' }) } as unknown as Runtime;
}

/** A job as BullMQ hands it over after a reaction: the outbox event. */
export function eventJob(name: string, payload: Record<string, unknown>, createdAt = new Date()): Job {
  return { name, data: { id: 0, topic: '', payload, created_at: createdAt.toISOString() } } as unknown as Job;
}
