type Id = number | string;

/** Named paths of search and saved searches. */
export const searchPaths = {
  search: () => '/search',
  /** autocomplete of what is typed in the search field */
  searchCompletions: () => '/search/completions',
  savedSearches: () => '/saved-searches',
  /** one saved search (DELETE removes it) */
  savedSearch: (id: Id) => `/saved-searches/${id}`,
  /** the admins' synonym groups */
  adminSynonyms: () => '/admin/search/synonyms',
  /** one synonym group (PATCH edits, DELETE removes) */
  adminSynonymGroup: (id: Id) => `/admin/search/synonyms/${id}`,
};
