/** Named paths of the payments domain. */
export const paymentsPaths = {};
