type Id = number | string;

/** Named paths of the media domain. */
export const mediaPaths = {
  /** the public URL of an image key (`img/<token>.webp`); `media(':name')` is the route pattern */
  media: (key: string) => `/media/${key.replace(/^img\//, '')}`,
  sellerListingImages: (id: Id) => `/seller/listings/${id}/images`,
  sellerListingImage: (id: Id, imageId: Id) => `/seller/listings/${id}/images/${imageId}`,
  sellerListingImagePosition: (id: Id, imageId: Id) => `/seller/listings/${id}/images/${imageId}/position`,
  sellerDigitalFile: (id: Id) => `/seller/listings/${id}/digital-file`,
};
