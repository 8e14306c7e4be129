import type { DocumentWithParties } from '../../src/documents/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';

const label: Record<DocumentWithParties['kind'], string> = { receipt: 'Receipt', invoice: 'Invoice', credit_note: 'Credit note' };

function href(d: DocumentWithParties): string {
  if (d.kind === 'receipt') return paths.orderReceiptPdf(d.order_id);
  if (d.kind === 'invoice' && d.seller_order_id) return paths.sellerOrderInvoicePdf(d.seller_order_id);
  return paths.documentPdf(d.id);
}

/**
 * The PDF documents of one order: the receipt, each seller's invoice and any
 * credit notes, as the buyer's order page loads them (`documentsForOrder`).
 * Stable id `order-documents-<orderId>`; pages refresh it on the `documents` signal.
 */
export function DocumentLinks(props: { orderId: number; documents: DocumentWithParties[]; paid?: boolean }) {
  const docs = props.documents;
  return (
    <section id={`order-documents-${props.orderId}`} class="order-documents" aria-labelledby={`order-documents-${props.orderId}-title`}>
      <h2 id={`order-documents-${props.orderId}-title`}>Documents</h2>
      {docs.length === 0 ? (
        <p class="meta">{props.paid ? 'Your receipt and invoices are being prepared; they appear here in a moment.' : 'Documents appear here once the order is paid.'}</p>
      ) : (
        <ul>
          {docs.map((d) => (
            <li data-kind={d.kind}>
              <a href={href(d)} type="application/pdf">
                <span safe>{`${label[d.kind]} ${d.number}`}</span>
              </a>
              {d.kind === 'credit_note' ? (
                <span class="meta">
                  {' '}
                  (refund of <span safe>{formatMoney(d.amount, d.currency)}</span>)
                </span>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
