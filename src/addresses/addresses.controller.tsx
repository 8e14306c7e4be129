import type { Request, Response } from 'express';
import { Addresses, AddressesPage } from '../../views/addresses/addresses.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { addressSchema, createAddress, deleteAddress, listAddresses } from './addresses.js';

async function showAddresses(req: Request, res: Response, status = 200, form?: { values: Record<string, string>; errors: FieldErrors }) {
  const addresses = await listAddresses(services(req).db, req.user!.id);
  res.set('Cache-Control', 'no-store');
  await render(req, res, {
    title: 'Your addresses',
    status,
    body: (ctx) => <AddressesPage addresses={addresses} csrf={ctx.csrf} values={form?.values} errors={form?.errors} />,
    fragment: (ctx) => <Addresses addresses={addresses} csrf={ctx.csrf} values={form?.values} errors={form?.errors} />,
  });
}

export const addressesController = {
  index: (req: Request, res: Response) => showAddresses(req, res),

  async create(req: Request, res: Response) {
    const parsed = parseForm(addressSchema, req.body);
    if (!parsed.ok) return showAddresses(req, res, 422, parsed);
    const result = await createAddress(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showAddresses(req, res, 422, { values: valuesOf(req.body), errors: { form: result.message } });
    if (req.htmx.request && !req.htmx.boosted) return showAddresses(req, res);
    redirect(req, res, paths.addresses(), { kind: 'info', text: 'Address saved.' });
  },

  async remove(req: Request, res: Response) {
    const id = idParam(req.params.id);
    // someone else's address reads as missing
    if (!id || !(await deleteAddress(services(req).db, req.user!.id, id))) throw notFound('That address');
    if (req.htmx.request && !req.htmx.boosted) return showAddresses(req, res);
    redirect(req, res, paths.addresses(), { kind: 'info', text: 'Address deleted.' });
  },
};

function valuesOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
}
