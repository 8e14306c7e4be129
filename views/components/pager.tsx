/**
 * The page links of a list read newest first and paged by key: back to the
 * newest page once paged (`newest`), on to older entries while there are more
 * (`older`). Nothing when the list fits on one page.
 */
export function Pager(props: { label: string; newest?: string | null; older?: string | null; olderId: string; olderText?: string }) {
  if (!props.newest && !props.older) return '';
  return (
    <nav class="pager" aria-label={props.label}>
      {props.newest ? <a href={props.newest}>Newest</a> : ''}
      {props.older ? (
        <a href={props.older} rel="next" id={props.olderId} safe>
          {props.olderText ?? 'Older'}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
