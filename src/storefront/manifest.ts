import { storefrontLiveReactions } from './live.js';
import type { DomainManifest } from '../domains/manifest.js';
import { signedIn } from '../http/route.js';
import { paths } from '../paths.js';
import { categoryController as category } from './category.controller.js';
import { contactDrafts } from './contact.js';
import { favouritesController as favourites } from './favourites.controller.js';
import { homeController as home } from './home.controller.js';
import { listingController as listing } from './listing.controller.js';

/** The public storefront: home, category pages, listing pages, messages to sellers and favourites. */
export const storefrontDomain: DomainManifest = {
  name: 'storefront',
  routes: [
    { method: 'get', path: paths.home(), handlers: [home.index] },
    { method: 'get', path: paths.nav(), handlers: [home.nav] },
    { method: 'get', path: paths.category(':slug'), handlers: [category.show] },
    { method: 'get', path: paths.listing(':id'), handlers: [listing.show] },
    { method: 'get', path: paths.listing(':id', ':slug'), handlers: [listing.show] },
    { method: 'post', path: paths.listingEnquiries(':id'), handlers: [...signedIn, listing.contact] },
    { method: 'post', path: paths.listingFavourite(':id'), handlers: [...signedIn, favourites.add] },
    { method: 'delete', path: paths.listingFavourite(':id'), handlers: [...signedIn, favourites.remove] },
    { method: 'get', path: paths.favourites(), handlers: [...signedIn, favourites.index] },
  ],
  reactions: [
    {
      // a buyer's message becomes the seller's notification
      'listing.contacted': { jobs: [{ queue: 'notifications', name: 'from-event' }] },
    },
    storefrontLiveReactions,
  ],
  drafts: contactDrafts,
};
