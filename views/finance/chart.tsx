import type { DayRow } from '../../src/finance/finance.js';
import { formatMoney } from '../../src/lib/money.js';

type Series = 'revenue' | 'topups' | 'payouts' | 'refunds';

/** The series in drawing order, with colours that keep 4.5:1 contrast on white. */
export const SERIES: { key: Series; label: string; color: string }[] = [
  { key: 'revenue', label: 'Revenue', color: '#0b5cad' },
  { key: 'topups', label: 'Top-ups', color: '#1d6b35' },
  { key: 'payouts', label: 'Payouts', color: '#7a4a00' },
  { key: 'refunds', label: 'Refunds', color: '#a4161a' },
];

const W = 760;
const H = 260;
const M = { top: 12, right: 12, bottom: 36, left: 84 };

/**
 * Grouped daily bars drawn on the server (no script). Screen readers get a
 * summary in aria-label; the table beside it carries the same figures.
 */
export function DailyChart(props: { days: DayRow[]; currency: string; totals: Omit<DayRow, 'day'> }) {
  const { days, currency, totals } = props;
  const values = days.flatMap((d) => SERIES.map((s) => d[s.key]));
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + ((max - v) / (max - min)) * plotH;
  const group = plotW / Math.max(1, days.length);
  const bar = Math.max(1, (group * 0.8) / SERIES.length);
  const every = Math.max(1, Math.ceil(days.length / 6));
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  const summary =
    `Daily revenue, top-ups, payouts and refunds from ${first} to ${last}. Totals: ` +
    SERIES.map((s) => `${s.label.toLowerCase()} ${formatMoney(totals[s.key], currency)}`).join(', ') +
    '. The table below lists every day.';
  const ticks = [...new Set([max, min, 0, Math.round(max / 2)])].filter((v) => v >= min && v <= max);
  return (
    <figure class="finance-chart" id="finance-chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${W} ${H}`} width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">
        <title safe>{summary}</title>
        {ticks.map((v) => (
          <g>
            <line x1={String(M.left)} x2={String(W - M.right)} y1={String(y(v))} y2={String(y(v))} stroke={v === 0 ? '#1b1b1f' : '#d9d6cf'} stroke-width="1" />
            <text x={String(M.left - 6)} y={String(y(v) + 4)} text-anchor="end" font-size="11" fill="#55585f" safe>
              {formatMoney(v, currency)}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g>
            {SERIES.map((s, j) => {
              const v = d[s.key];
              if (v === 0) return '';
              const x = M.left + i * group + group * 0.1 + j * bar;
              const top = Math.min(y(v), y(0));
              const h = Math.max(1, Math.abs(y(v) - y(0)));
              return (
                <rect x={x.toFixed(1)} y={top.toFixed(1)} width={bar.toFixed(1)} height={h.toFixed(1)} fill={s.color}>
                  <title safe>{`${d.day} ${s.label}: ${formatMoney(v, currency)}`}</title>
                </rect>
              );
            })}
            {i % every === 0 || i === days.length - 1 ? (
              <text x={(M.left + i * group + group / 2).toFixed(1)} y={String(H - M.bottom + 16)} text-anchor="middle" font-size="11" fill="#55585f" safe>
                {d.day.slice(5)}
              </text>
            ) : (
              ''
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="chart-legend" aria-label="Legend">
          {SERIES.map((s) => (
            <li>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" fill={s.color} />
              </svg>{' '}
              <span safe>{s.label}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
