type Id = number | string;

/** Named paths of search and saved searches. */
export const searchPaths = {
  search: () => '/search',
  savedSearches: () => '/saved-searches',
  /** one saved search (DELETE removes it) */
  savedSearch: (id: Id) => `/saved-searches/${id}`,
};
