type Id = number | string;

/** Named paths of the downloads domain (what buyers of digital listings get). */
export const downloadsPaths = {
  /** the buyer's downloads */
  downloads: () => '/downloads',
  /** POST mints a short-lived signed link and redirects to it */
  downloadLinks: (id: Id) => `/downloads/${id}/links`,
  /** the file itself; only with a signed link (`exp`, `sig`) */
  downloadFile: (id: Id, link?: { exp: number; sig: string }) =>
    link ? `/downloads/${id}/file?exp=${link.exp}&sig=${encodeURIComponent(link.sig)}` : `/downloads/${id}/file`,
  /** the seller's download log of their digital sales */
  sellerDownloads: () => '/seller/downloads',
  /** every download log (admins), `?seller_order=<id>` for one seller order */
  adminDownloads: () => '/admin/downloads',
};
