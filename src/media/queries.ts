import type { Knex } from 'knex';

/** One image as views need it. */
export interface ImageView {
  id: number;
  url: string;
  thumbUrl: string;
  alt: string;
  width: number;
  height: number;
  position: number;
}

/** A listing's images in display order. */
export async function listingImages(_db: Knex, _listingId: number): Promise<ImageView[]> {
  return [];
}

/** The first image of each listing, for result cards. */
export async function coverImages(_db: Knex, _listingIds: number[]): Promise<Map<number, ImageView>> {
  return new Map();
}
