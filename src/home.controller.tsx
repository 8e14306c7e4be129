import type { Request, Response } from 'express';
import { HomePage } from '../views/home/index.js';
import { Nav } from '../views/components/nav.js';
import { render, sendFragment, pageContext } from './http/render.js';

export const homeController = {
  async index(req: Request, res: Response) {
    await render(req, res, { title: 'Home', body: (ctx) => <HomePage user={ctx.user} /> });
  },
  /** The navigation for the current role, re-fetched live when the account changes. */
  async nav(req: Request, res: Response) {
    const ctx = await pageContext(req, res);
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <Nav user={ctx.user} adminCounts={ctx.adminCounts} />);
  },
};
