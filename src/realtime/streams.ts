/**
 * The names of live streams and who may listen to them. A client asks for
 * streams by name at subscribe time; each one is authorized here.
 */
export interface StreamViewer {
  id: number;
  is_admin: boolean;
}

export const streams = {
  /** private events of one user (notifications, account changes, sign-out) */
  user: (id: number) => `user:${id}`,
  /** admin work queues (seller applications, moderation, payouts) */
  admin: () => 'admin',
  /** public: what every viewer of an auction sees (price, bids, end time) */
  auction: (id: number) => `auction:${id}`,
  /** public: what every viewer of a listing sees (price, stock) */
  listing: (id: number) => `listing:${id}`,
};

/** `yes`; `sign-in`: the stream needs a session the request does not have; `no`: never for this viewer (or no such stream). */
export type ListenAnswer = 'yes' | 'sign-in' | 'no';

/** Each kind of stream and who may listen to it. */
const rules: { pattern: RegExp; who: (viewer: StreamViewer, m: RegExpExecArray) => boolean; anyone?: true }[] = [
  { pattern: /^user:([1-9]\d{0,15})$/, who: (v, m) => Number(m[1]) === v.id },
  { pattern: /^admin$/, who: (v) => v.is_admin },
  { pattern: /^auction:[1-9]\d{0,15}$/, who: () => true, anyone: true },
  { pattern: /^listing:[1-9]\d{0,15}$/, who: () => true, anyone: true },
];

export function listenAnswer(viewer: StreamViewer | null, name: string): ListenAnswer {
  for (const rule of rules) {
    const m = rule.pattern.exec(name);
    if (!m) continue;
    if (rule.anyone) return 'yes';
    if (!viewer) return 'sign-in';
    return rule.who(viewer, m) ? 'yes' : 'no';
  }
  return 'no';
}

export function mayListen(viewer: StreamViewer | null, name: string): boolean {
  return listenAnswer(viewer, name) === 'yes';
}

/** Whether anyone may open the stream, without a session (what is pushed on it must carry nothing personal). */
export function isPublicStream(name: string): boolean {
  return listenAnswer(null, name) === 'yes';
}

/** The streams every page subscribes to for this viewer. */
export function defaultStreams(viewer: StreamViewer | null): string[] {
  if (!viewer) return [];
  return viewer.is_admin ? [streams.user(viewer.id), streams.admin()] : [streams.user(viewer.id)];
}

/** Most streams one connection may ask for. */
export const MAX_STREAMS = 10;

/** The streams a page's connection asks for: the viewer's own, then those the page declares (the ones this viewer may hear). */
export function pageStreams(viewer: StreamViewer | null, declared: string[] = []): string[] {
  const all = [...new Set([...defaultStreams(viewer), ...declared.filter((n) => mayListen(viewer, n))])];
  return all.slice(0, MAX_STREAMS);
}
