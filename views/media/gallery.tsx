/** The buyer's gallery of a listing's images. */
export function Gallery(props: { listingId: number; title: string }) {
  return <div id={`gallery-${props.listingId}`} data-title={props.title} />;
}
