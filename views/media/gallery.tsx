import type { ImageView } from '../../src/media/queries.js';

/** The buyer's gallery of a listing's images. */
export function Gallery(props: { listingId: number; title: string; images: ImageView[] }) {
  return <div id={`gallery-${props.listingId}`} data-title={props.title} data-count={String(props.images.length)} />;
}
