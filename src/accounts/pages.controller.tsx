import type { Request, Response } from 'express';
import { HelpPage } from '../../views/accounts/help.js';
import { PrivacyPage } from '../../views/accounts/privacy.js';
import { TermsPage } from '../../views/accounts/terms.js';
import { render } from '../http/render.js';

/** Help, terms and privacy: the same for everyone. */
export const pagesController = {
  async help(req: Request, res: Response) {
    await render(req, res, { title: 'Help', description: 'Answers about buying, selling and your Souk account.', body: () => <HelpPage /> });
  },
  async terms(req: Request, res: Response) {
    await render(req, res, { title: 'Terms of use', description: 'The rules for buying and selling on Souk, in plain words.', body: () => <TermsPage /> });
  },
  async privacy(req: Request, res: Response) {
    await render(req, res, { title: 'Privacy notice', description: 'What Souk keeps about you, why, and what you can do about it.', body: () => <PrivacyPage /> });
  },
};
