import type { DownloadLogRow, Entitlement } from '../../src/downloads/queries.js';
import { paths } from '../../src/paths.js';
import { Field } from '../components/field.js';
import { Time } from '../components/time.js';
import { DownloadBox } from './download-box.js';
import { DownloadLog } from './download-log.js';

/** The buyer's "My downloads": every digital purchase with its download box. */
export function MyDownloadsPage(props: { entitlements: Entitlement[]; csrf: string }) {
  return (
    <section class="my-downloads">
      <h1>My downloads</h1>
      {props.entitlements.length === 0 ? (
        <p class="empty">Files you buy appear here, ready to download.</p>
      ) : (
        <ul class="download-list">
          {props.entitlements.map((e) => (
            <li class="card" id={`entitlement-${e.id}`}>
              <h2 safe>{e.title}</h2>
              <p class="meta">
                Bought <Time at={e.created_at} />
              </p>
              <DownloadBox entitlement={e} csrf={props.csrf} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The seller's download log of their digital sales. */
export function SellerDownloadsPage(props: { rows: DownloadLogRow[] }) {
  return (
    <section class="seller-downloads">
      <h1>Downloads of your files</h1>
      <p class="meta">Every download buyers started, newest first. A download counts only when the whole file arrived.</p>
      <DownloadLog rows={props.rows} />
    </section>
  );
}

/** Admins: the download log of every sale, or of one seller order. */
export function AdminDownloadsPage(props: { rows: DownloadLogRow[]; sellerOrderId?: number; query: string; error?: string }) {
  return (
    <section class="admin-downloads">
      <h1>{props.sellerOrderId ? `Downloads of order #${props.sellerOrderId}` : 'Downloads'}</h1>
      <form method="get" action={paths.adminDownloads()} class="inline-form">
        <Field label="Seller order number" name="seller_order" value={props.query} error={props.error} inputmode="numeric" maxlength={15} />
        <button type="submit">Show</button>
      </form>
      <DownloadLog rows={props.rows} sellerOrderId={props.sellerOrderId} showOrder={!props.sellerOrderId} />
    </section>
  );
}
