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
  /** admin work queues (seller applications, later moderation and payouts) */
  admin: () => 'admin',
};

export function mayListen(viewer: StreamViewer, name: string): boolean {
  const user = /^user:(\d+)$/.exec(name);
  if (user) return Number(user[1]) === viewer.id;
  if (name === streams.admin()) return viewer.is_admin;
  return false;
}

/** The streams a page subscribes to for this viewer. */
export function defaultStreams(viewer: StreamViewer): string[] {
  return viewer.is_admin ? [streams.user(viewer.id), streams.admin()] : [streams.user(viewer.id)];
}
