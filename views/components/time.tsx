/** A machine-readable date shown in a readable form. */
export function Time(props: { at: Date | string | null }) {
  if (!props.at) return '';
  const d = new Date(props.at);
  const text = d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return (
    <time datetime={d.toISOString()} safe>
      {text}
    </time>
  );
}
