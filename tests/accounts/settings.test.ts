import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { emailsTo, linkIn, signedInClient, stillSignedIn } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('account settings', () => {
  it('is for signed-in users, linked from the navigation', async () => {
    const visitor = await new Client(app.baseUrl).get('/account/settings', { follow: false });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/signin?next=%2Faccount%2Fsettings');
    const u = await createUser(app.db);
    const c = await signedInClient(app, u);
    const home = await c.get('/');
    expect(home.doc.querySelector('#nav-settings')?.getAttribute('href')).toBe('/account/settings');
    const page = await c.get('/account/settings');
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Account settings');
    expect(page.doc.querySelector('#f-display_name')?.getAttribute('value')).toBe(u.display_name);
    expect(text(page.doc.querySelector('#email-form'))).toContain(u.email);
  });

  it('changes the display name, and refuses an empty one beside the field', async () => {
    const u = await createUser(app.db);
    const c = await signedInClient(app, u);
    await c.get('/account/settings');
    const bad = await c.post('/account/profile', { display_name: '   ' }, { method: 'PUT' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-display_name-error'))).toBe('Enter a display name.');
    expect((await app.db('users').where({ id: u.id }).first()).display_name).toBe(u.display_name);

    const ok = await c.post('/account/profile', { display_name: 'Nadia <b>Haddad</b>' }, { method: 'PUT' });
    expect(new URL(ok.url).pathname).toBe('/account/settings');
    expect(text(ok.doc.querySelector('#flash'))).toBe('Your name is now Nadia <b>Haddad</b>.');
    expect(text(ok.doc.querySelector('.who'))).toBe('Nadia <b>Haddad</b>');
    expect(ok.doc.querySelector('.who b')).toBeNull();
  });

  it('answers an htmx form with only that form and its errors', async () => {
    const u = await createUser(app.db);
    const c = await signedInClient(app, u);
    await c.get('/account/settings');
    const page = await c.post('/account/password', { current_password: '', password: 'x', password_confirmation: 'y' }, { method: 'PUT', htmx: true });
    expect(page.status).toBe(422);
    expect(page.doc.querySelector('h1')).toBeNull();
    expect(page.doc.querySelector('form#password-form')).toBeTruthy();
    expect(text(page.doc.querySelector('#f-password-current-password-error'))).toBe('Enter your current password.');
  });
});

describe('password change', () => {
  it('a wrong current password leaves the password unchanged', async () => {
    const u = await createUser(app.db);
    const c = await signedInClient(app, u);
    const before = (await app.db('users').where({ id: u.id }).first()).password_hash;
    await c.get('/account/settings');
    const page = await c.post('/account/password', { current_password: 'not my password', password: 'a new long password', password_confirmation: 'a new long password' }, { method: 'PUT' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-password-current-password-error'))).toBe('That is not your current password.');
    expect((await app.db('users').where({ id: u.id }).first()).password_hash).toBe(before);
    expect(await stillSignedIn(c)).toBe(true);
    await signedInClient(app, u);
    expect(await emailsTo(app, u.email, 'account.password_changed')).toHaveLength(0);
  });

  it('changes it, keeps this session, ends the others and tells the user by email', async () => {
    const u = await createUser(app.db);
    const other = await signedInClient(app, u);
    const c = await signedInClient(app, u);
    await c.get('/account/settings');
    const page = await c.post('/account/password', { current_password: u.password, password: 'a new long password', password_confirmation: 'a new long password' }, { method: 'PUT' });
    expect(new URL(page.url).pathname).toBe('/account/settings');
    expect(text(page.doc.querySelector('#flash'))).toBe('Your password was changed. You were signed out on 1 other device.');
    const row = await app.db('users').where({ id: u.id }).first();
    expect(await verifyPassword(row.password_hash, 'a new long password')).toBe(true);
    expect(await stillSignedIn(c)).toBe(true);
    expect(await stillSignedIn(other)).toBe(false);
    const [mail] = await emailsTo(app, u.email, 'account.password_changed');
    expect(mail.subject).toBe('Your Souk password was changed');
  });
});

describe('signed-in sessions', () => {
  it('lists where the user is signed in, and sign out everywhere else really ends the other sessions', async () => {
    const u = await createUser(app.db);
    const phone = await signedInClient(app, u, SAFARI);
    const laptop = await signedInClient(app, u, FIREFOX);
    const stranger = await signedInClient(app, await createUser(app.db));

    const page = await laptop.get('/account/settings');
    const items = page.doc.querySelectorAll('#sessions li.session');
    expect(items).toHaveLength(2);
    expect(text(items[0])).toContain('Firefox on Linux');
    expect(text(items[0])).toContain('This device');
    expect(text(items[0])).toContain('From 127.0.0.x');
    expect(text(items[1])).toContain('Safari on iOS');
    expect(text(items[1])).toContain('last active');
    expect(text(page.doc.querySelector('#sign-out-others'))).toBe('Sign out everywhere else (1 other session)');

    const done = await laptop.post('/account/sessions', {}, { method: 'DELETE' });
    expect(text(done.doc.querySelector('#flash'))).toBe('Signed out of 1 other session.');
    expect(done.doc.querySelectorAll('#sessions li.session')).toHaveLength(1);
    expect(text(done.doc.querySelector('#sessions'))).toContain('You are not signed in anywhere else.');

    // the phone's cookie is worthless now; the laptop and another user are untouched
    expect(await stillSignedIn(phone)).toBe(false);
    expect(text((await phone.get('/')).doc.querySelector('.who'))).toBe('');
    expect(await stillSignedIn(laptop)).toBe(true);
    expect(await stillSignedIn(stranger)).toBe(true);
  });
});

describe('email change', () => {
  it('confirms from the new address; the old one is told and stays until then', async () => {
    const u = await createUser(app.db);
    const c = await signedInClient(app, u);
    await c.get('/account/settings');
    const newEmail = `new-${u.id}@example.test`;

    // the current password is required
    const wrong = await c.post('/account/email-change', { email: newEmail, current_password: 'nope nope' });
    expect(wrong.status).toBe(422);
    expect(text(wrong.doc.querySelector('#f-email-current-password-error'))).toBe('That is not your current password.');
    expect(wrong.doc.querySelector('#f-email')?.getAttribute('value')).toBe(newEmail);
    expect(await emailsTo(app, newEmail)).toHaveLength(0);

    const asked = await c.post('/account/email-change', { email: newEmail, current_password: u.password });
    expect(new URL(asked.url).pathname).toBe('/account/settings');
    expect(text(asked.doc.querySelector('#email-pending'))).toContain(newEmail);
    // until confirmed, nothing changed
    expect((await app.db('users').where({ id: u.id }).first()).email).toBe(u.email);
    await signedInClient(app, u);
    const [notice] = await emailsTo(app, u.email, 'account.email_change_requested');
    expect(notice.text_body).toContain(newEmail);
    const [confirm] = await emailsTo(app, newEmail, 'account.email_confirm');
    const link = linkIn(confirm.text_body, '/account/email-change/');

    // opening the link asks for a button press; pressing it (in any browser) changes the address
    const other = new Client(app.baseUrl);
    const page = await other.get(link);
    expect(text(page.doc.querySelector('h1'))).toBe('Confirm your new email address');
    const done = await other.post(link, {});
    expect(new URL(done.url).pathname).toBe('/signin');
    expect(text(done.doc.querySelector('main .notice'))).toContain('Your email address was changed');
    expect((await app.db('users').where({ id: u.id }).first()).email).toBe(newEmail);
    expect(await emailsTo(app, u.email, 'account.email_changed')).toHaveLength(1);
    await signedInClient(app, { email: newEmail, password: u.password });

    // the link works once
    const again = await new Client(app.baseUrl).get(link);
    expect(again.status).toBe(410);
  });

  it('refuses an address another account uses, and a link whose address was taken meanwhile changes nothing', async () => {
    const u = await createUser(app.db);
    const taken = await createUser(app.db);
    const c = await signedInClient(app, u);
    await c.get('/account/settings');
    const page = await c.post('/account/email-change', { email: taken.email.toUpperCase(), current_password: u.password });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-email-error'))).toBe('Another account uses this address.');

    const wanted = `wanted-${u.id}@example.test`;
    await c.post('/account/email-change', { email: wanted, current_password: u.password });
    const link = linkIn((await emailsTo(app, wanted, 'account.email_confirm'))[0].text_body, '/account/email-change/');
    await createUser(app.db, { email: wanted });
    await c.get(link);
    const res = await c.post(link, {});
    expect(res.status).toBe(410);
    expect(text(res.doc.querySelector('h1'))).toBe('This address is taken');
    expect((await app.db('users').where({ id: u.id }).first()).email).toBe(u.email);
  });
});

describe('sign-in', () => {
  it('a blocked user is told why and until when', async () => {
    const u = await createUser(app.db);
    await app.db('users').where({ id: u.id }).update({ blocked_at: new Date(), blocked_until: new Date('2031-03-04T05:06:00Z'), blocked_reason: 'Repeated no-shows' });
    const page = await new Client(app.baseUrl).signIn(u.email, u.password);
    expect(page.status).toBe(403);
    expect(text(page.doc.querySelector('.form-error'))).toBe(
      'This account is blocked until 4 Mar 2031, 05:06 UTC. Reason: Repeated no-shows. If you think this is a mistake, write to support.',
    );
    // in the reader's time zone once the browser told it
    const inBerlin = new Client(app.baseUrl);
    inBerlin.setCookie('tz', 'Europe/Berlin');
    const berlin = await inBerlin.signIn(u.email, u.password);
    expect(text(berlin.doc.querySelector('.form-error'))).toContain('blocked until 4 Mar 2031, 06:06 GMT+1.');
    // a wrong password learns nothing about the block
    const wrong = await new Client(app.baseUrl).signIn(u.email, 'not the password');
    expect(text(wrong.doc.querySelector('.form-error'))).not.toContain('no-shows');
  });

  it('admins land on their dashboard, unless they were on their way somewhere', async () => {
    const admin = await createAdmin(app.db);
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    const res = await c.post('/session', { email: admin.email, password: admin.password }, { follow: false });
    expect(res.headers.get('location')).toBe('/admin');
    const buyer = await createUser(app.db);
    const b = new Client(app.baseUrl);
    await b.get('/signin');
    expect((await b.post('/session', { email: buyer.email, password: buyer.password }, { follow: false })).headers.get('location')).toBe('/');
    const n = new Client(app.baseUrl);
    await n.get('/signin?next=%2Fwallet');
    expect((await n.post('/session', { email: admin.email, password: admin.password, next: '/wallet' }, { follow: false })).headers.get('location')).toBe('/wallet');
  });
});

describe('help, terms and privacy', () => {
  it('are linked from every page footer and readable without signing in', async () => {
    const c = new Client(app.baseUrl);
    const home = await c.get('/');
    const footer = home.doc.querySelectorAll('footer a').map((a) => [text(a), a.getAttribute('href')]);
    expect(footer).toEqual(expect.arrayContaining([['Help', '/help'], ['Terms', '/terms'], ['Privacy', '/privacy']]));
    for (const [path, title] of [['/help', 'Help'], ['/terms', 'Terms of use'], ['/privacy', 'Privacy notice']]) {
      const page = await c.get(path);
      expect(page.status).toBe(200);
      expect(text(page.doc.querySelector('h1'))).toBe(title);
      expect(page.doc.querySelectorAll('main h2').length).toBeGreaterThan(2);
    }
  });
});
