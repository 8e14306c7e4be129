/** Named paths of the mail domain. */
export const mailPaths = {
  /** a user's choice of in-app and email notifications per kind */
  notificationPreferences: () => '/account/notifications',
  /** admins: the email delivery log */
  adminEmails: () => '/admin/emails',
};
