import type { Route } from '../http/route.js';
import { adminOnly, signedIn } from '../http/route.js';
import { conversationsAdminController as admin } from './admin.controller.js';
import { conversationsController as conversations } from './conversations.controller.js';
import { conversationsPaths as paths } from './paths.js';

/** Every URL of conversations: each one for its two participants only, reported ones for admins. */
export const conversationsRoutes: Route[] = [
  // the fixed /messages/count before /messages/:id
  { method: 'get', path: paths.messages(), handlers: [...signedIn, conversations.index] },
  { method: 'get', path: paths.messagesCount(), handlers: [...signedIn, conversations.count] },
  { method: 'get', path: paths.conversation(':id'), handlers: [...signedIn, conversations.show] },
  { method: 'get', path: paths.conversationMessages(':id'), handlers: [...signedIn, conversations.list] },
  { method: 'post', path: paths.conversationReplies(':id'), handlers: [...signedIn, conversations.reply] },
  { method: 'post', path: paths.conversationBlock(':id'), handlers: [...signedIn, conversations.block] },
  { method: 'delete', path: paths.conversationBlock(':id'), handlers: [...signedIn, conversations.unblock] },
  { method: 'post', path: paths.conversationReport(':id'), handlers: [...signedIn, conversations.report] },
  { method: 'get', path: paths.sellerOrderConversation(':id'), handlers: [...signedIn, conversations.orderConversation] },
  { method: 'post', path: paths.sellerOrderConversation(':id'), handlers: [...signedIn, conversations.startOrderConversation] },
  { method: 'get', path: paths.adminReportedConversations(), handlers: [...adminOnly, admin.index] },
  { method: 'get', path: paths.adminConversation(':id'), handlers: [...adminOnly, admin.show] },
  { method: 'post', path: paths.adminConversationResolution(':id'), handlers: [...adminOnly, admin.resolve] },
];
