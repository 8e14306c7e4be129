type Id = number | string;

/** Named paths of a buyer's saved addresses. */
export const addressesPaths = {
  addresses: () => '/account/addresses',
  /** DELETE removes one */
  address: (id: Id) => `/account/addresses/${id}`,
};
