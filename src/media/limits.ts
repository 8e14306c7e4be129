/** How many photos one listing may have. */
export const MAX_IMAGES_PER_LISTING = 12;
/** The longest edge of a stored image and of its thumbnail, in pixels. */
export const IMAGE_MAX_EDGE = 1600;
export const THUMB_MAX_EDGE = 400;
/** Longest alt text (the listing_images check constraint). */
export const ALT_MAX = 200;
/** Longest name a download is saved as. */
export const FILE_NAME_MAX = 120;
