import type { DomainManifest } from '../domains/manifest.js';
import { conversationsDrafts, conversationsReactions } from './reactions.js';
import { conversationsRoutes } from './routes.js';

/** Conversations between buyers and sellers: threads, the inbox, blocks and reports, and what a new message causes. */
export const conversationsDomain: DomainManifest = {
  name: 'conversations',
  routes: conversationsRoutes,
  reactions: conversationsReactions,
  drafts: conversationsDrafts,
};
