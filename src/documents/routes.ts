import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { documentsController as documents } from './documents.controller.js';

/** Every URL of the documents domain (each checks who may read the document itself). */
export const documentsRoutes: Route[] = [
  { method: 'get', path: paths.orderReceiptPdf(':orderId'), handlers: [...signedIn, documents.receipt] },
  { method: 'get', path: paths.sellerOrderInvoicePdf(':sellerOrderId'), handlers: [...signedIn, documents.invoice] },
  { method: 'get', path: paths.documentPdf(':id'), handlers: [...signedIn, documents.show] },
];
