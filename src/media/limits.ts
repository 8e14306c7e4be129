/** How many photos one listing may have. */
export const MAX_IMAGES_PER_LISTING = 12;
/** The longest edge of a stored image and of its thumbnail, in pixels. */
export const IMAGE_MAX_EDGE = 1600;
export const THUMB_MAX_EDGE = 400;
/** Longest alt text (the listing_images check constraint). */
export const ALT_MAX = 200;
/** Longest name a download is saved as. */
export const FILE_NAME_MAX = 120;
/** Most pixels one uploaded image may have (a decompression bomb is refused before decoding). */
export const MAX_INPUT_PIXELS = 60_000_000;
/**
 * Pixels the whole process decodes at once, over all uploads: a decoded pixel
 * costs about 4 bytes plus libvips' working copies, so this bounds upload memory
 * at a few hundred MB however many sellers upload together. One image at the
 * largest size takes it all; smaller ones share it.
 */
export const DECODE_PIXEL_BUDGET = 60_000_000;
