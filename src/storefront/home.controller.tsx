import type { Request, Response } from 'express';
import { HomePage } from '../../views/storefront/home.js';
import { Nav } from '../../views/components/nav.js';
import { render, sendFragment, pageContext } from '../http/render.js';
import { services } from '../deps.js';
import { clock } from '../lib/clock.js';
import { coverImages } from '../media/queries.js';
import { freshListings } from './browse.js';
import { topCategories } from './queries.js';

export const homeController = {
  async index(req: Request, res: Response) {
    const db = services(req).db;
    const now = clock.now();
    const [categories, fresh] = await Promise.all([topCategories(db, now), freshListings(db, now)]);
    const covers = await coverImages(
      db,
      fresh.map((t) => t.id),
    );
    await render(req, res, {
      title: 'Home',
      description: 'Souk: buy, sell and bid — from independent shops, makers and neighbours.',
      body: (ctx) => <HomePage user={ctx.user} categories={categories} fresh={fresh} covers={covers} />,
    });
  },
  /** The navigation for the current role, re-fetched live when the account changes. */
  async nav(req: Request, res: Response) {
    const ctx = await pageContext(req, res);
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <Nav user={ctx.user} adminCounts={ctx.adminCounts} />);
  },
};
