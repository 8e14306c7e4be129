import type { Job } from 'bullmq';
import { issueCreditNote, issueInvoice, issueReceipt, type IssueResult } from '../../src/documents/documents.js';
import type { RenderOptions } from '../../src/documents/pdf.js';
import { clock } from '../../src/lib/clock.js';
import { storeFor } from '../../src/media/storage.js';
import type { Runtime } from '../../src/runtime.js';

/** The outbox event a reaction queued: `{ id, topic, payload, created_at }`. */
const payloadOf = (job: Job) => (job.data?.payload ?? {}) as Record<string, unknown>;

// tests read the text of the PDF back, which deflated content streams would hide
const renderOptions = (rt: Runtime): RenderOptions => ({ compress: rt.config.NODE_ENV !== 'test' });

function summary(rt: Runtime, job: Job, r: IssueResult): { result: string; number?: string } {
  if (r.status === 'skipped') rt.log.warn({ job: job.name, payload: payloadOf(job), reason: r.reason }, 'no document issued');
  return r.status === 'skipped' ? { result: `skipped: ${r.reason}` } : { result: r.status, number: r.document.number };
}

/** After `order.paid`: the buyer's receipt. */
export async function issueReceiptJob(rt: Runtime, job: Job) {
  const r = await issueReceipt(rt.db, storeFor(rt.config), Number(payloadOf(job).orderId), renderOptions(rt));
  return summary(rt, job, r);
}

/** After `seller_order.paid`: the seller's invoice. */
export async function issueInvoiceJob(rt: Runtime, job: Job) {
  const r = await issueInvoice(rt.db, storeFor(rt.config), Number(payloadOf(job).sellerOrderId), renderOptions(rt));
  return summary(rt, job, r);
}

/** After `seller_order.refunded`: the seller's credit note for that refund, dated when the refund was made. */
export async function issueCreditNoteJob(rt: Runtime, job: Job) {
  const p = payloadOf(job);
  const refund = {
    sellerOrderId: Number(p.sellerOrderId),
    refundKey: typeof p.refundKey === 'string' ? p.refundKey : String(p.refundKey ?? ''),
    amount: Number(p.amount),
    issuedAt: job.data?.created_at ? new Date(job.data.created_at) : clock.now(),
  };
  return summary(rt, job, await issueCreditNote(rt.db, storeFor(rt.config), refund, renderOptions(rt)));
}
