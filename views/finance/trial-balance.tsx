import type { TrialBalance } from '../../src/ledger/verify.js';
import { formatMoney } from '../../src/lib/money.js';

const LABELS: Record<string, string> = {
  available: 'Users: available',
  held: 'Users: held',
  payout_pending: 'Users: payout pending',
  revenue: 'Platform: revenue',
  gateway_clearing: 'Platform: gateway clearing',
  promotions: 'Platform: promotions',
};

/** Every account type summed; in a healthy double-entry ledger the grand total is zero. */
export function TrialBalanceTable(props: { trial: TrialBalance }) {
  const { rows, totals, balanced } = props.trial;
  return (
    <section id="trial-balance" aria-labelledby="trial-balance-title">
      <h2 id="trial-balance-title">Trial balance</h2>
      {balanced ? (
        <p data-balanced="true">Every account type summed: the grand total is zero, so the ledger balances.</p>
      ) : (
        <p class="form-error" role="alert" data-balanced="false">
          The grand total is not zero: the ledger does not balance and needs attention now.
        </p>
      )}
      <table class="cards">
        <caption>Balances by account type, now</caption>
        <thead>
          <tr>
            <th scope="col">Account type</th>
            <th scope="col">Currency</th>
            <th scope="col">Accounts</th>
            <th scope="col">Balance</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colspan="4">No money has moved yet.</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr data-type={r.type}>
                <th scope="row" safe>
                  {LABELS[r.type] ?? r.type}
                </th>
                <td data-label="Currency" safe>{r.currency}</td>
                <td data-label="Accounts" safe>{String(r.accounts)}</td>
                <td data-label="Balance" safe>{formatMoney(r.balance, r.currency)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          {(totals.length ? totals : [{ currency: '', balance: 0 }]).map((t) => (
            <tr class="grand-total" data-total={String(t.balance)}>
              <th scope="row">Grand total</th>
              <td data-label="Currency" safe>{t.currency}</td>
              <td data-label="Accounts"></td>
              <td data-label="Balance">
                {t.balance === 0 ? (
                  <strong safe>{formatMoney(0, t.currency || undefined)}</strong>
                ) : (
                  <strong class="form-error" safe>{`${formatMoney(t.balance, t.currency)} (should be zero)`}</strong>
                )}
              </td>
            </tr>
          ))}
        </tfoot>
      </table>
    </section>
  );
}
