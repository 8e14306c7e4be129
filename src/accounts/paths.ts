/** Named paths of account settings, password reset and the help pages (link tokens are url-safe base64 already). */
export const accountPaths = {
  accountSettings: () => '/account/settings',
  accountProfile: () => '/account/profile',
  accountPassword: () => '/account/password',
  accountEmailChange: () => '/account/email-change',
  accountEmailConfirmation: (token: string) => `/account/email-change/${token}`,
  accountSessions: () => '/account/sessions',
  passwordReset: () => '/password-reset',
  passwordResetSent: () => '/password-reset/sent',
  passwordResetToken: (token: string) => `/password-reset/${token}`,
  help: () => '/help',
  terms: () => '/terms',
  privacy: () => '/privacy',
};
