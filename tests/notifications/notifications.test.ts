import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationRow } from '../../src/notifications/queries.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

async function notify(userId: number, over: Partial<{ title: string; body: string; link: string | null; read: boolean }> = {}): Promise<NotificationRow> {
  const [row] = await app
    .db('notifications')
    .insert({
      user_id: userId,
      kind: 'test.note',
      title: over.title ?? 'Something happened',
      body: over.body ?? '',
      link: over.link === undefined ? null : over.link,
      read_at: over.read ? app.db.fn.now() : null,
    })
    .returning('*');
  return row as NotificationRow;
}

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  return c;
}

function items(page: Page) {
  return page.doc.querySelectorAll('#notification-list li.notification');
}

function titles(page: Page): string[] {
  return items(page).map((li) => text(li.querySelector('.title')));
}

async function badgeCount(c: Client): Promise<string | undefined> {
  const badge = await c.get('/notifications/badge');
  expect(badge.status).toBe(200);
  expect(badge.doc.querySelector('html')).toBeNull();
  return badge.doc.querySelector('#notification-badge .badge')?.getAttribute('data-count');
}

describe('notifications', () => {
  it('lists only the user’s own notifications, newest first', async () => {
    const me = await createUser(app.db);
    const other = await createUser(app.db);
    await notify(me.id, { title: 'Mine first' });
    await notify(other.id, { title: 'Someone else’s secret' });
    await notify(me.id, { title: 'Mine second', body: 'with <b>details</b>' });
    const c = await signedIn(me);
    const page = await c.get('/notifications');
    expect(page.status).toBe(200);
    expect(titles(page)).toEqual(['Mine second', 'Mine first']);
    expect(page.html).not.toContain('Someone else');
    // user-supplied text is shown as text
    expect(text(items(page)[0])).toContain('with <b>details</b>');
    expect(items(page)[0].querySelector('b')).toBeNull();
  });

  it('shows an empty state to a user with none', async () => {
    const c = await signedIn(await createUser(app.db));
    const page = await c.get('/notifications');
    expect(items(page)).toHaveLength(0);
    expect(text(page.doc.querySelector('#notification-list .empty'))).toContain('No notifications yet');
    expect(await badgeCount(c)).toBe('0');
  });

  it('a user cannot read (or mark) another user’s notification', async () => {
    const me = await createUser(app.db);
    const other = await createUser(app.db);
    const theirs = await notify(other.id, { title: 'Not for you' });
    const c = await signedIn(me);
    await c.get('/notifications');

    const page = await c.post(`/notifications/${theirs.id}/read`);
    expect(page.status).toBe(404);
    expect(page.doc.querySelector('.error-page')?.getAttribute('data-status')).toBe('404');
    expect(page.html).not.toContain('Not for you');
    const fragment = await c.post(`/notifications/${theirs.id}/read`, {}, { htmx: true });
    expect(fragment.status).toBe(404);
    expect(fragment.html).not.toContain('Not for you');

    const row = await app.db('notifications').where({ id: theirs.id }).first();
    expect(row.read_at).toBeNull();
    // mark-all-read touches only the caller's rows
    await c.post('/notifications/read-all');
    expect((await app.db('notifications').where({ id: theirs.id }).first()).read_at).toBeNull();
    // and paging by id never reaches into someone else's list
    const list = await c.get(`/notifications?before=${theirs.id + 1}`);
    expect(list.html).not.toContain('Not for you');

    const owner = await signedIn(other);
    expect(await badgeCount(owner)).toBe('1');
  });

  it('marks one as read (form and htmx) and the badge follows', async () => {
    const me = await createUser(app.db);
    const linked = await notify(me.id, { title: 'Your shop is approved', link: '/seller/application' });
    const plain = await notify(me.id, { title: 'Welcome' });
    const third = await notify(me.id, { title: 'Third' });
    const c = await signedIn(me);
    const page = await c.get('/notifications');
    expect(page.doc.querySelector('#notification-badge .badge')?.getAttribute('data-count')).toBe('3');
    expect(await badgeCount(c)).toBe('3');
    expect(page.doc.querySelectorAll('#notification-list li.unread')).toHaveLength(3);

    // a plain form goes to the notification's link
    const followed = await c.post(`/notifications/${linked.id}/read`, {}, { follow: false });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe('/seller/application');
    expect(await badgeCount(c)).toBe('2');

    // one without a link goes back to the list, now shown as read
    const back = await c.post(`/notifications/${plain.id}/read`);
    expect(back.status).toBe(200);
    const li = back.doc.querySelector(`#notification-${plain.id}`);
    expect(li?.classList.contains('read')).toBe(true);
    expect(li?.querySelector('form')).toBeNull();
    expect(back.doc.querySelector(`#notification-${third.id}`)?.classList.contains('unread')).toBe(true);

    // htmx gets the one item back and a trigger that refreshes the badge
    const frag = await c.post(`/notifications/${third.id}/read`, {}, { htmx: true });
    expect(frag.status).toBe(200);
    expect(frag.headers.get('hx-trigger')).toContain('notifications-changed');
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector(`li#notification-${third.id}`)?.classList.contains('read')).toBe(true);
    expect(await badgeCount(c)).toBe('0');
    const rows = await app.db('notifications').where({ user_id: me.id }).whereNull('read_at');
    expect(rows).toHaveLength(0);
  });

  it('marks all as read', async () => {
    const me = await createUser(app.db);
    for (let i = 0; i < 4; i++) await notify(me.id, { title: `Note ${i}` });
    await notify(me.id, { title: 'Already read', read: true });
    const c = await signedIn(me);
    await c.get('/notifications');
    expect(await badgeCount(c)).toBe('4');
    const page = await c.post('/notifications/read-all');
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('#notification-list li.unread')).toHaveLength(0);
    expect(page.doc.querySelectorAll('#notification-list li.read')).toHaveLength(5);
    expect(page.doc.querySelector('#notification-badge .badge')?.getAttribute('data-count')).toBe('0');
    expect(await badgeCount(c)).toBe('0');
  });

  it('pages through older notifications with ?before=', async () => {
    const me = await createUser(app.db);
    const other = await createUser(app.db);
    const ids: number[] = [];
    for (let i = 1; i <= 35; i++) {
      ids.push((await notify(me.id, { title: `Note ${i}` })).id);
      if (i % 10 === 0) await notify(other.id, { title: `Other ${i}` });
    }
    const c = await signedIn(me);
    const first = await c.get('/notifications');
    const firstTitles = titles(first);
    expect(firstTitles).toHaveLength(30);
    expect(firstTitles[0]).toBe('Note 35');
    expect(firstTitles[29]).toBe('Note 6');
    const older = first.doc.querySelector('#notification-list a[href^="/notifications?before="]');
    expect(text(older)).toBe('Older notifications');

    const second = await c.get(older!.getAttribute('href')!);
    expect(titles(second)).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
    expect(second.doc.querySelector('#notification-list a[href^="/notifications?before="]')).toBeNull();
    expect(second.html).not.toContain('Other ');

    // a nonsense cursor is treated as "from the newest"
    const bogus = await c.get('/notifications?before=abc');
    expect(bogus.status).toBe(200);
    expect(titles(bogus)[0]).toBe('Note 35');
    // the badge counts every unread one, not just the first page
    expect(await badgeCount(c)).toBe('35');
  });

  it('sends visitors to sign in', async () => {
    const c = new Client(app.baseUrl);
    const page = await c.get('/notifications', { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fnotifications');
    const badge = await c.get('/notifications/badge', { htmx: true, follow: false });
    expect(badge.status).toBe(401);
    expect(badge.headers.get('hx-redirect')).toContain('/signin');
  });
});
