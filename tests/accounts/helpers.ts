import { expect } from 'vitest';
import type { TestApp } from '../app.js';
import { Client } from '../http.js';

/** A browser-like client signed in as the user. */
export async function signedInClient(app: TestApp, user: { email: string; password: string }, userAgent?: string): Promise<Client> {
  const c = new Client(app.baseUrl);
  if (userAgent) {
    const request = c.request.bind(c);
    c.request = (method, path, opts = {}) => request(method, path, { ...opts, headers: { 'user-agent': userAgent, ...opts.headers } });
  }
  const page = await c.signIn(user.email, user.password);
  expect(page.doc.querySelector('.who'), 'signed in').toBeTruthy();
  return c;
}

/** Whether the client's session still works (a page for signed-in users answers instead of sending it to sign in). */
export async function stillSignedIn(c: Client): Promise<boolean> {
  const page = await c.get('/account/settings', { follow: false });
  if (page.status === 200) return true;
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toContain('/signin');
  return false;
}

/** The emails in the delivery log sent to an address, newest last. */
export function emailsTo(app: TestApp, address: string, kind?: string): Promise<{ kind: string; subject: string; text_body: string; html_body: string }[]> {
  const q = app.db('emails').whereRaw('lower(to_address) = lower(?)', [address]).orderBy('id');
  if (kind) q.where({ kind });
  return q.select('kind', 'subject', 'text_body', 'html_body');
}

/** The path of the first link to `prefix` in an email's text. */
export function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`https?://[^\\s/]+(${prefix.replace(/[/]/g, '\\/')}[A-Za-z0-9_-]{43})`).exec(text);
  expect(m, `a ${prefix}… link in:\n${text}`).toBeTruthy();
  return m![1];
}
