import type { Request, Response } from 'express';
import { FinancePage } from '../../views/finance/index.js';
import { services } from '../deps.js';
import { render } from '../http/render.js';
import { parseForm } from '../http/validate.js';
import { checkRange, financeReport, rangeSchema } from './finance.js';

export const financeController = {
  /** Daily revenue, top-ups, payouts and refunds for a date range, and the trial balance. */
  async index(req: Request, res: Response) {
    const s = services(req);
    const query = { from: typeof req.query.from === 'string' ? req.query.from : '', to: typeof req.query.to === 'string' ? req.query.to : '' };
    const parsed = parseForm(rangeSchema, query);
    const checked = parsed.ok ? checkRange(parsed.data) : parsed;
    if (!checked.ok) {
      const errors = checked.errors;
      await render(req, res, { title: 'Finance', status: 422, body: () => <FinancePage values={query} errors={errors} /> });
      return;
    }
    const report = await financeReport(s.db, checked.range, s.config.CURRENCY);
    await render(req, res, { title: 'Finance', body: () => <FinancePage report={report} values={checked.range} /> });
  },
};
