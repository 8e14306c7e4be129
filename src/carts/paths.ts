type Id = number | string;

/** Named paths of the buyer's cart. */
export const cartsPaths = {
  cart: () => '/cart',
  /** POST adds a listing (one SKU) to the cart */
  cartLines: () => '/cart/lines',
  /** PATCH sets the quantity, DELETE removes the line */
  cartLine: (id: Id) => `/cart/lines/${id}`,
  /** the header's count (re-fetched live) */
  cartCount: () => '/cart/count',
  /** where the cart's "Checkout" button leads */
  cartCheckout: () => '/checkout',
};
