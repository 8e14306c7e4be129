import { signedIn, type Route } from '../http/route.js';
import { mediaController as media } from './media.controller.js';
import { mediaPaths as p } from './paths.js';

/**
 * Every URL of the media domain. The two upload routes receive multipart
 * bodies parsed by `mediaUploadParser` (src/media/uploads.ts) before the CSRF check.
 */
export const mediaRoutes: Route[] = [
  { method: 'get', path: p.media(':name'), handlers: [media.serve] },
  { method: 'get', path: p.sellerListingImages(':id'), handlers: [...signedIn, media.show] },
  { method: 'post', path: p.sellerListingImages(':id'), handlers: [...signedIn, media.upload] },
  { method: 'patch', path: p.sellerListingImage(':id', ':imageId'), handlers: [...signedIn, media.describe] },
  { method: 'delete', path: p.sellerListingImage(':id', ':imageId'), handlers: [...signedIn, media.remove] },
  { method: 'post', path: p.sellerListingImagePosition(':id', ':imageId'), handlers: [...signedIn, media.move] },
  { method: 'get', path: p.sellerDigitalFile(':id'), handlers: [...signedIn, media.download] },
  { method: 'post', path: p.sellerDigitalFile(':id'), handlers: [...signedIn, media.uploadFile] },
];
