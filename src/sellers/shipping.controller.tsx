import type { Request, Response } from 'express';
import { ShippingForm, ShippingPage } from '../../views/sellers/shipping.js';
import { services } from '../deps.js';
import { forbidden } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { toDecimal } from '../lib/money.js';
import { paths } from '../paths.js';
import { shippingSettings } from './queries.js';
import { saveShipping, shippingSchema } from './shipping.js';

function sellerOnly(req: Request): number {
  if (!req.user?.is_seller) throw forbidden('Only sellers have shipping settings. Apply to sell first.');
  return req.user.id;
}

async function showForm(req: Request, res: Response, status: number, values: Record<string, string>, errors?: FieldErrors) {
  await render(req, res, {
    title: 'Shipping and stock alerts',
    status,
    body: (ctx) => <ShippingPage csrf={ctx.csrf} values={values} errors={errors} />,
    fragment: (ctx) => <ShippingForm csrf={ctx.csrf} values={values} errors={errors} />,
  });
}

export const shippingController = {
  async show(req: Request, res: Response) {
    const id = sellerOnly(req);
    const row = await shippingSettings(services(req).db, id);
    if (!row) throw forbidden('Only sellers have shipping settings. Apply to sell first.');
    res.set('Cache-Control', 'no-store');
    await showForm(req, res, 200, {
      shipping_flat: toDecimal(Number(row.shipping_flat)),
      shipping_free_over: row.shipping_free_over === null ? '' : toDecimal(Number(row.shipping_free_over)),
      low_stock_threshold: String(row.low_stock_threshold),
    });
  },

  async save(req: Request, res: Response) {
    const id = sellerOnly(req);
    const parsed = parseForm(shippingSchema, req.body);
    if (!parsed.ok) return showForm(req, res, 422, parsed.values, parsed.errors);
    if (!(await saveShipping(services(req).db, id, parsed.data))) throw forbidden('Only sellers have shipping settings. Apply to sell first.');
    redirect(req, res, paths.sellerShipping(), { kind: 'info', text: 'Shipping settings saved.' });
  },
};
