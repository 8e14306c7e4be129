import { adminOnly, signedIn, type Route } from '../http/route.js';
import { downloadsController as downloads } from './downloads.controller.js';
import { downloadsPaths as p } from './paths.js';

/**
 * Every URL of the downloads domain. The file route is a GET (no CSRF token):
 * it needs the buyer's session and a link they minted with a POST, which does.
 */
export const downloadsRoutes: Route[] = [
  { method: 'get', path: p.downloads(), handlers: [...signedIn, downloads.index] },
  { method: 'post', path: p.downloadLinks(':id'), handlers: [...signedIn, downloads.mint] },
  { method: 'get', path: p.downloadFile(':id'), handlers: [...signedIn, downloads.file] },
  { method: 'get', path: p.sellerDownloads(), handlers: [...signedIn, downloads.sellerLog] },
  { method: 'get', path: p.adminDownloads(), handlers: [...adminOnly, downloads.adminLog] },
];
