import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { favouritesController as favourites } from './favourites.controller.js';
import { listingController as listing } from './listing.controller.js';
import { savedSearchesController as savedSearches } from './saved-searches.controller.js';
import { searchController as search } from './search.controller.js';

/** Every URL of the search domain. */
export const searchRoutes: Route[] = [
  // the public listing page, favourites and messages to sellers
  { method: 'get', path: paths.listing(':id'), handlers: [listing.show] },
  { method: 'get', path: paths.listing(':id', ':slug'), handlers: [listing.show] },
  { method: 'post', path: paths.listingEnquiries(':id'), handlers: [...signedIn, listing.contact] },
  { method: 'post', path: paths.listingFavourite(':id'), handlers: [...signedIn, favourites.add] },
  { method: 'delete', path: paths.listingFavourite(':id'), handlers: [...signedIn, favourites.remove] },
  { method: 'get', path: paths.favourites(), handlers: [...signedIn, favourites.index] },
  // search, category pages and saved searches
  { method: 'get', path: paths.search(), handlers: [search.search] },
  { method: 'get', path: paths.category(':slug'), handlers: [search.category] },
  { method: 'get', path: paths.savedSearches(), handlers: [...signedIn, savedSearches.index] },
  { method: 'post', path: paths.savedSearches(), handlers: [...signedIn, savedSearches.create] },
  { method: 'delete', path: paths.savedSearch(':id'), handlers: [...signedIn, savedSearches.destroy] },
];
