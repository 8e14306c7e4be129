type Id = number | string;

/** Named paths of the public storefront: home, category pages, listing pages and favourites. */
export const storefrontPaths = {
  home: () => '/',
  category: (slug: string) => `/c/${slug}`,
  /** the public listing page; the slug is for people and search engines, the id decides */
  listing: (id: Id, slug?: string) => `/listings/${id}${slug ? `/${slug}` : ''}`,
  favourites: () => '/favourites',
  /** the viewer's favourite mark on one listing (POST adds, DELETE removes) */
  listingFavourite: (id: Id) => `/listings/${id}/favourite`,
  /** a buyer's message to the seller about one listing */
  listingEnquiries: (id: Id) => `/listings/${id}/enquiries`,
};
