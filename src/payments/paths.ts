/** Named paths of the payments domain (the local test gateway's hosted page lives inside Souk). */
export const paymentsPaths = {
  gatewayPay: (id: string) => `/gateway/pay/${id}`,
  gatewayAuthentication: (id: string) => `/gateway/pay/${id}/authentication`,
  stripeWebhook: () => '/webhooks/stripe',
};
