import { THUMB_MAX_EDGE } from '../../src/media/limits.js';
import type { ImageView } from '../../src/media/queries.js';

/** The stored thumbnail's size (the image scaled to fit THUMB_MAX_EDGE), for width/height attributes. */
export function thumbSize(img: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, THUMB_MAX_EDGE / Math.max(img.width, img.height, 1));
  return { width: Math.max(1, Math.round(img.width * scale)), height: Math.max(1, Math.round(img.height * scale)) };
}

/**
 * The buyer's gallery of a listing's images. Without JavaScript the thumbnails
 * are plain links to `#gallery-<listing>-<image>` and CSS shows the targeted
 * photo (the cover when none is targeted).
 */
export function Gallery(props: { listingId: number; title: string; images: ImageView[] }) {
  const { listingId, title, images } = props;
  const n = images.length;
  if (n === 0)
    return (
      <section id={`gallery-${listingId}`} class="gallery" data-count="0" aria-label={`Photos of ${title}`}>
        <div class="gallery-empty" role="img" aria-label="No photos yet">
          <span aria-hidden="true">No photos yet</span>
        </div>
      </section>
    );
  return (
    <section id={`gallery-${listingId}`} class="gallery" data-count={String(n)} aria-label={`Photos of ${title}`}>
      <div class="gallery-slides">
        {images.map((img, i) => (
          <figure class="gallery-slide" id={`gallery-${listingId}-${img.id}`}>
            <img src={img.url} alt={img.alt || title} width={String(img.width)} height={String(img.height)} loading={i === 0 ? 'eager' : 'lazy'} decoding="async" />
            {n > 1 ? <figcaption class="meta" safe>{`Photo ${i + 1} of ${n}`}</figcaption> : ''}
          </figure>
        ))}
      </div>
      {n > 1 ? (
        <ul class="gallery-thumbs" aria-label="All photos">
          {images.map((img, i) => {
            const t = thumbSize(img);
            return (
              <li>
                <a href={`#gallery-${listingId}-${img.id}`} aria-label={`Show photo ${i + 1} of ${n}: ${img.alt || title}`}>
                  <img src={img.thumbUrl} alt="" width={String(t.width)} height={String(t.height)} loading="lazy" decoding="async" />
                </a>
              </li>
            );
          })}
        </ul>
      ) : (
        ''
      )}
    </section>
  );
}
