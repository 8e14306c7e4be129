/** Named paths of a seller's shop settings. */
export const sellersPaths = {
  /** what the seller charges for shipping and when they hear that stock runs low */
  sellerShipping: () => '/seller/shipping',
};
