import { FILE_NAME_MAX } from '../../src/media/limits.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';

/** The columns of a listing the box needs (any listing row has them). */
export interface DigitalFileListing {
  id: number;
  kind: string;
  digital_file_name: string | null;
  digital_file_bytes: number | string | null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The seller's box for the deliverable of a digital listing: what buyers will
 * download, a download link for the seller, and a form to replace or rename it.
 * Stable id `digital-file-<id>`; renders nothing for other kinds of listing.
 */
export function DigitalFileBox(props: {
  listing: DigitalFileListing;
  csrf: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  maxBytes?: number;
}) {
  const l = props.listing;
  if (l.kind !== 'digital') return '';
  const e = props.errors ?? {};
  const has = Boolean(l.digital_file_name);
  const url = paths.sellerDigitalFile(l.id);
  const name = props.values?.file_name ?? '';
  const limit = props.maxBytes ? ` Up to ${formatBytes(props.maxBytes)}.` : '';
  return (
    <section id={`digital-file-${l.id}`} class="digital-file card" aria-labelledby={`digital-file-${l.id}-title`}>
      <h2 id={`digital-file-${l.id}-title`}>File buyers download</h2>
      {has ? (
        <p class="digital-file-current">
          <a href={url} download="" hx-boost="false">
            <span safe>{l.digital_file_name ?? ''}</span>
          </a>{' '}
          <span class="meta" safe>{`(${formatBytes(Number(l.digital_file_bytes ?? 0))})`}</span>
        </p>
      ) : (
        <p class="notice">No file yet. Buyers receive this file after paying, so add it before you submit the listing.</p>
      )}
      <form
        method="post"
        action={url}
        enctype="multipart/form-data"
        hx-post={url}
        hx-encoding="multipart/form-data"
        hx-target={`#digital-file-${l.id}`}
        hx-swap="outerHTML"
      >
        <Csrf token={props.csrf} />
        <div class={e.file ? 'field field-invalid' : 'field'}>
          <label for={`f-file-${l.id}`}>{has ? 'Replace the file' : 'The file'}</label>
          <p class="hint" id={`f-file-${l.id}-hint`} safe>
            {`Any type of file; it stays private until someone buys.${limit}`}
          </p>
          <input
            id={`f-file-${l.id}`}
            name="file"
            type="file"
            aria-invalid={e.file ? 'true' : undefined}
            aria-describedby={e.file ? `f-file-${l.id}-hint f-file-${l.id}-error` : `f-file-${l.id}-hint`}
          />
          {e.file ? (
            <p class="error" id={`f-file-${l.id}-error`} role="alert" safe>
              {e.file}
            </p>
          ) : (
            ''
          )}
        </div>
        <div class={e.file_name ? 'field field-invalid' : 'field'}>
          <label for={`f-file-name-${l.id}`}>{has ? 'Rename the file buyers save' : 'File name buyers save (optional)'}</label>
          <p class="hint" id={`f-file-name-${l.id}-hint`}>
            Leave it empty to keep the name of the file you upload.
          </p>
          <input
            id={`f-file-name-${l.id}`}
            name="file_name"
            type="text"
            value={name}
            placeholder={l.digital_file_name ?? undefined}
            maxlength={FILE_NAME_MAX}
            aria-invalid={e.file_name ? 'true' : undefined}
            aria-describedby={e.file_name ? `f-file-name-${l.id}-hint f-file-name-${l.id}-error` : `f-file-name-${l.id}-hint`}
          />
          {e.file_name ? (
            <p class="error" id={`f-file-name-${l.id}-error`} safe>
              {e.file_name}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit">{has ? 'Save' : 'Upload file'}</button>
      </form>
    </section>
  );
}
