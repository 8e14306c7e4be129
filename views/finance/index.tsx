import type { FinanceReport, Range } from '../../src/finance/finance.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { DailyChart, SERIES } from './chart.js';
import { TrialBalanceTable } from './trial-balance.js';

function DateField(props: { label: string; name: string; value: string; error?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <input id={id} name={props.name} type="date" value={props.value} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined} />
      {props.error ? (
        <p class="error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/** The date range form (GET: bookmarkable, no CSRF needed). */
function RangeForm(props: { values: { from?: string; to?: string }; errors?: Record<string, string> }) {
  return (
    <form method="get" action={paths.adminFinance()} class="finance-range" aria-label="Date range">
      <DateField label="From" name="from" value={props.values.from ?? ''} error={props.errors?.from} />
      <DateField label="To" name="to" value={props.values.to ?? ''} error={props.errors?.to} />
      <button type="submit">Show</button>
    </form>
  );
}

export function FinancePage(props: { report?: FinanceReport; values: { from?: string; to?: string }; errors?: Record<string, string>; range?: Range }) {
  const { report } = props;
  return (
    <section aria-labelledby="finance-title">
      <h1 id="finance-title">Finance</h1>
      <RangeForm values={props.values} errors={props.errors} />
      {report ? (
        <>
          <section id="finance-daily" aria-labelledby="finance-daily-title">
            <h2 id="finance-daily-title" safe>{`Money movements, ${report.range.from} to ${report.range.to} (UTC)`}</h2>
            <dl class="finance-totals">
              {SERIES.map((s) => (
                <div data-series={s.key}>
                  <dt safe>{s.label}</dt>
                  <dd safe>{formatMoney(report.totals[s.key], report.currency)}</dd>
                </div>
              ))}
            </dl>
            <DailyChart days={report.days} currency={report.currency} totals={report.totals} />
            <table class="cards" id="finance-table">
              <caption>Daily figures (the same data as the chart)</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {SERIES.map((s) => (
                    <th scope="col" safe>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.days.map((d) => (
                  <tr data-day={d.day}>
                    <th scope="row" safe>
                      {d.day}
                    </th>
                    {SERIES.map((s) => (
                      <td data-series={s.key} data-label={s.label} safe>
                        {formatMoney(d[s.key], report.currency)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {SERIES.map((s) => (
                    <td data-series={s.key} data-label={s.label} safe>
                      {formatMoney(report.totals[s.key], report.currency)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </section>
          <TrialBalanceTable trial={report.trial} />
        </>
      ) : (
        ''
      )}
    </section>
  );
}
