import { adminOnly, signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { savedSearchesController as savedSearches } from './saved-searches.controller.js';
import { searchController as search } from './search.controller.js';
import { synonymsController as synonyms } from './synonyms.controller.js';

/** Every URL of the search domain (category pages are the storefront's, searched through showSearch). */
export const searchRoutes: Route[] = [
  { method: 'get', path: paths.search(), handlers: [search.search] },
  { method: 'get', path: paths.searchCompletions(), handlers: [search.completions] },
  { method: 'get', path: paths.savedSearches(), handlers: [...signedIn, savedSearches.index] },
  { method: 'post', path: paths.savedSearches(), handlers: [...signedIn, savedSearches.create] },
  { method: 'delete', path: paths.savedSearch(':id'), handlers: [...signedIn, savedSearches.destroy] },
  { method: 'get', path: paths.adminSynonyms(), handlers: [...adminOnly, synonyms.index] },
  { method: 'post', path: paths.adminSynonyms(), handlers: [...adminOnly, synonyms.create] },
  { method: 'patch', path: paths.adminSynonymGroup(':id'), handlers: [...adminOnly, synonyms.update] },
  { method: 'delete', path: paths.adminSynonymGroup(':id'), handlers: [...adminOnly, synonyms.destroy] },
];
