/** Named paths of the media domain. */
export const mediaPaths = {};
