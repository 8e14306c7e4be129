/** The seller's image editor for one listing (upload several, reorder, alt text). Stable id `listing-images-<id>`. */
export function ImagesEditor(props: { listingId: number; csrf: string }) {
  return <section id={`listing-images-${props.listingId}`} />;
}
