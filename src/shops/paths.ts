/** Named paths of shops: the public shop pages, their pictures, and the seller's own shop settings. */
export const shopsPaths = {
  /** a shop's public page (`?q=` searches its listings, `?page=` pages them) */
  shop: (slug: string) => `/shops/${slug}`,
  /** a shop's logo or banner by its stored name (`img/<token>.webp` → `/shop-media/<token>.webp`) */
  shopMedia: (key: string) => `/shop-media/${key.replace(/^img\//, '')}`,
  /** the signed-in seller's shop: name, description, policies, logo and banner */
  sellerShop: () => '/seller/shop',
};
