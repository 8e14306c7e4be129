import { dayText, fileNameOf, unavailability, unavailableMessage } from '../../src/downloads/downloads.js';
import type { Entitlement } from '../../src/downloads/queries.js';
import { clock } from '../../src/lib/clock.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';

export type DownloadBoxEntitlement = Pick<
  Entitlement,
  'id' | 'file_key' | 'file_name' | 'downloads_allowed' | 'downloads_used' | 'expires_at' | 'revoked_at' | 'current_file_key' | 'current_file_name'
>;

/**
 * The download of one paid digital order line (stable id `download-<entitlementId>`):
 * the file, how many downloads are left until when, and a Download button, a plain
 * form that mints a short-lived link (it works without JavaScript); or why the file
 * cannot be downloaded any more.
 */
export function DownloadBox(props: { entitlement: DownloadBoxEntitlement; csrf: string }) {
  const e = props.entitlement;
  const id = `download-${e.id}`;
  const reason = unavailability(e, clock.nowMs());
  const left = Math.max(0, e.downloads_allowed - e.downloads_used);
  return (
    <div id={id} class="download-box" data-state={reason ?? 'available'}>
      <p class="download-file">
        <strong safe>{fileNameOf(e)}</strong>
      </p>
      {reason ? (
        <p class="notice download-unavailable" role="status" safe>
          {unavailableMessage(reason, e)}
        </p>
      ) : (
        <>
          <p class="meta download-left">
            {left} of {e.downloads_allowed} {e.downloads_allowed === 1 ? 'download' : 'downloads'} left, until{' '}
            <time datetime={new Date(e.expires_at).toISOString()} safe>
              {dayText(e.expires_at)}
            </time>
          </p>
          <form method="post" action={paths.downloadLinks(e.id)} class="download-form">
            <Csrf token={props.csrf} />
            <button type="submit" aria-describedby={`${id}-name`}>
              Download
            </button>
            <span id={`${id}-name`} class="visually-hidden" safe>
              {fileNameOf(e)}
            </span>
          </form>
        </>
      )}
    </div>
  );
}
