type Id = number | string;

/** Named paths of buyer browsing and search. */
export const searchPaths = {
  search: () => '/search',
  category: (slug: string) => `/c/${slug}`,
  /** the public listing page; the slug is for people and search engines, the id decides */
  listing: (id: Id, slug?: string) => `/listings/${id}${slug ? `/${slug}` : ''}`,
  favourites: () => '/favourites',
  savedSearches: () => '/saved-searches',
};
