import { clock } from '../../src/lib/clock.js';
import { formatDate, formatDateTime, formatRelative, localAttr } from '../../src/lib/locale.js';

/**
 * A moment in the viewer's terms, machine-readable in `datetime`: within a
 * week "in 3 days" / "2 hours ago" (the full date and time in `title`), further
 * away the local date and time ("2 Jan 2030, 10:00 UTC"). `date` shows the day
 * only ("Member since 2 Jan 2026"); `absolute` never says it relatively.
 */
export function Time(props: { at: Date | string | null; date?: boolean; absolute?: boolean }) {
  if (!props.at) return '';
  const d = new Date(props.at);
  if (Number.isNaN(d.getTime())) return '';
  const full = formatDateTime(d);
  const relative = props.date || props.absolute ? null : formatRelative(d, clock.now());
  const text = relative ?? (props.date ? formatDate(d) : full);
  return (
    <time datetime={d.toISOString()} title={text === full ? undefined : full} data-local={localAttr(relative !== null ? 'title' : props.date ? 'date' : 'text')} safe>
      {text}
    </time>
  );
}
