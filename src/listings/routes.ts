import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { dashboardController as dashboard } from './dashboard.controller.js';
import { listingsController as listings } from './listings.controller.js';

const id = ':id';

/** Every URL of the listings domain (the seller's side). Fixed paths come before `:id`. */
export const listingsRoutes: Route[] = [
  { method: 'get', path: paths.sellerListings(), handlers: [...signedIn, dashboard.index] },
  { method: 'get', path: paths.sellerListingsList(), handlers: [...signedIn, dashboard.list] },
  { method: 'get', path: paths.newListing(), handlers: [...signedIn, listings.newForm] },
  { method: 'post', path: paths.sellerListings(), handlers: [...signedIn, listings.create] },
  { method: 'get', path: paths.sellerListing(id), handlers: [...signedIn, listings.show] },
  { method: 'patch', path: paths.sellerListing(id), handlers: [...signedIn, listings.update] },
  { method: 'delete', path: paths.sellerListing(id), handlers: [...signedIn, listings.destroy] },
  { method: 'get', path: paths.editListing(id), handlers: [...signedIn, listings.editForm] },
  { method: 'get', path: paths.sellerListingStatus(id), handlers: [...signedIn, listings.status] },
  { method: 'get', path: paths.listingDeletion(id), handlers: [...signedIn, listings.confirmDelete] },
  { method: 'post', path: paths.listingSubmission(id), handlers: [...signedIn, listings.submit] },
  { method: 'post', path: paths.listingPause(id), handlers: [...signedIn, listings.pause] },
  { method: 'delete', path: paths.listingPause(id), handlers: [...signedIn, listings.resume] },
  { method: 'post', path: paths.listingCopies(id), handlers: [...signedIn, listings.duplicate] },
  { method: 'post', path: paths.sellerListingRow(id), handlers: [...signedIn, dashboard.quickEdit] },
  { method: 'get', path: paths.listingVariants(id), handlers: [...signedIn, listings.variantsForm] },
  { method: 'put', path: paths.listingVariants(id), handlers: [...signedIn, listings.saveVariants] },
];
