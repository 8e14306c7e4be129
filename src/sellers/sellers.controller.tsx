import type { Request, Response } from 'express';
import { ApplicationForm, SellerPage } from '../../views/sellers/application.js';
import { services } from '../deps.js';
import { redirect, render } from '../http/render.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { latestApplication } from './queries.js';
import { applicationSchema, applyToSell } from './sellers.js';

export const sellersController = {
  async show(req: Request, res: Response) {
    const user = req.user!;
    const application = await latestApplication(services(req).db, user.id);
    await render(req, res, { title: 'Sell on Souk', body: (ctx) => <SellerPage user={user} csrf={ctx.csrf} application={application} /> });
  },

  async apply(req: Request, res: Response) {
    const user = req.user!;
    const again = (values: Record<string, string>, errors: FieldErrors) =>
      render(req, res, {
        title: 'Sell on Souk',
        status: 422,
        body: (ctx) => <SellerPage user={user} csrf={ctx.csrf} values={values} errors={errors} />,
        fragment: (ctx) => <ApplicationForm csrf={ctx.csrf} values={values} errors={errors} />,
      });
    const parsed = parseForm(applicationSchema, req.body);
    if (!parsed.ok) return again(parsed.values, parsed.errors);
    const result = await applyToSell(services(req).db, user, parsed.data);
    if (!result.ok) return again(parsed.data, { [result.field]: result.message });
    redirect(req, res, paths.sellerApplication(), { kind: 'info', text: 'Thanks! Your application is waiting for review.' });
  },
};
