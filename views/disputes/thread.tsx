import type { DisputeMessageRow, DisputeRow } from '../../src/disputes/queries.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';

function roleOf(d: Pick<DisputeRow, 'buyer_id' | 'seller_id'>, authorId: number): string {
  if (authorId === d.buyer_id) return 'Buyer';
  if (authorId === d.seller_id) return 'Seller';
  return 'Souk';
}

/**
 * The message thread (stable id `dispute-<id>-thread`): the same partial for the
 * page, the htmx fragment and the re-fetch on the `disputes` signal or when the
 * live stream (re)opens. Photos come through the dispute's own authorized route.
 */
export function DisputeThread(props: { dispute: Pick<DisputeRow, 'id' | 'buyer_id' | 'seller_id'>; messages: DisputeMessageRow[] }) {
  const d = props.dispute;
  return (
    <section
      id={`dispute-${d.id}-thread`}
      class="dispute-thread"
      hx-get={paths.disputeThread(d.id)}
      hx-trigger="sse:disputes, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      aria-live="polite"
      aria-labelledby={`dispute-${d.id}-thread-title`}
    >
      <h2 id={`dispute-${d.id}-thread-title`}>
        Messages <span class="count">({props.messages.length})</span>
      </h2>
      <ol class="messages">
        {props.messages.map((m) => (
          <li class="message" id={`dispute-message-${m.id}`} data-author={roleOf(d, m.author_id).toLowerCase()}>
            <p class="meta">
              <strong safe>{m.author_name}</strong> <span class="role" safe>{`(${roleOf(d, m.author_id)})`}</span> · <Time at={m.created_at} />
            </p>
            <p class="body" safe>
              {m.body}
            </p>
            {m.image_keys.length ? (
              <ul class="photos">
                {m.image_keys.map((_k, i) => (
                  <li>
                    <a href={paths.disputePhoto(d.id, m.id, i + 1)}>
                      <img src={paths.disputePhoto(d.id, m.id, i + 1)} alt={`Photo ${i + 1} from ${m.author_name}`} loading="lazy" width="160" />
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
