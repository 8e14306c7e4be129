/** The seller's "promote this listing" box on their listing page. Stable id `boost-box-<id>`. */
export function BoostBox(props: { listingId: number; csrf: string }) {
  return <div id={`boost-box-${props.listingId}`} data-csrf={props.csrf} />;
}
