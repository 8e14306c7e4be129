type Id = number | string;

/** Named paths of conversations between buyers and sellers. */
export const conversationsPaths = {
  /** the signed-in user's conversations */
  messages: () => '/messages',
  /** the header's link with the unread count (re-fetched live) */
  messagesCount: () => '/messages/count',
  /** one conversation, for its two participants */
  conversation: (id: Id) => `/messages/${id}`,
  /** the messages of one conversation alone (re-fetched live); `seen` is the newest message the page has */
  conversationMessages: (id: Id, seen?: Id) => `/messages/${id}/list${seen !== undefined ? `?seen=${seen}` : ''}`,
  /** POST a reply in a conversation */
  conversationReplies: (id: Id) => `/messages/${id}/replies`,
  /** POST blocks the other participant from writing to the viewer, DELETE lifts it */
  conversationBlock: (id: Id) => `/messages/${id}/block`,
  /** POST reports the conversation to the admins */
  conversationReport: (id: Id) => `/messages/${id}/report`,
  /** GET opens (or offers to start) the conversation about one seller's part of an order; POST starts it */
  sellerOrderConversation: (id: Id) => `/seller-orders/${id}/conversation`,
  /** admins: conversations someone reported */
  adminReportedConversations: () => '/admin/conversations/reported',
  /** admins: one reported conversation, read-only */
  adminConversation: (id: Id) => `/admin/conversations/${id}`,
  /** POST: an admin closes the open reports of a conversation */
  adminConversationResolution: (id: Id) => `/admin/conversations/${id}/resolution`,
};
