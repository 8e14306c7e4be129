import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createApplication, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  return c;
}

function flashText(page: Page): string {
  return text(page.doc.querySelector('#flash'));
}

describe('applying to sell', () => {
  it('shows errors beside the fields, keeps the input and stores nothing', async () => {
    const buyer = await createUser(app.db);
    const c = await signedIn(buyer);
    const form = await c.get('/seller/application');
    expect(form.doc.querySelector('#seller-application-form')).toBeTruthy();

    const page = await c.post('/seller/application', { shop_name: 'ab', description: 'too short' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-shop_name-error'))).toContain('at least 3 characters');
    expect(text(page.doc.querySelector('#f-description-error'))).toContain('at least 20 characters');
    expect(page.doc.querySelector('#f-shop_name')?.getAttribute('value')).toBe('ab');
    expect(text(page.doc.querySelector('#f-description'))).toBe('too short');
    expect(page.doc.querySelector('#f-shop_name')?.getAttribute('aria-invalid')).toBe('true');
    expect(await app.db('seller_applications').where({ user_id: buyer.id })).toHaveLength(0);
  });

  it('accepts a valid application and refuses a second one while it is pending', async () => {
    const buyer = await createUser(app.db);
    const c = await signedIn(buyer);
    await c.get('/seller/application');
    const page = await c.post('/seller/application', { shop_name: 'Lamp Corner', description: 'Vintage lamps, restored by hand in our workshop.' });
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#application-status')?.getAttribute('data-status')).toBe('pending');
    expect(text(page.doc.querySelector('#application-status'))).toContain('Lamp Corner');
    expect(flashText(page)).toContain('waiting for review');
    // while pending, no form is offered
    expect(page.doc.querySelector('#seller-application-form')).toBeNull();

    // a second submission (an old tab, a replayed form) is refused with a clear message
    const again = await c.post('/seller/application', { shop_name: 'Second Shop', description: 'Another description long enough to pass.' });
    expect(again.status).toBe(422);
    expect(text(again.doc.querySelector('.form-error'))).toContain('already have an application waiting');
    expect(again.doc.querySelector('#f-shop_name')?.getAttribute('value')).toBe('Second Shop');
    const rows = await app.db('seller_applications').where({ user_id: buyer.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].shop_name).toBe('Lamp Corner');
  });
});

describe('admin review', () => {
  it('lists a pending application for the admin', async () => {
    const admin = await createAdmin(app.db);
    const buyer = await createUser(app.db, { display_name: 'Queue Person' });
    const application = await createApplication(app.db, buyer.id, { shop_name: 'Queue Shop' });
    const a = await signedIn(admin);
    const page = await a.get('/admin/seller-applications');
    expect(page.status).toBe(200);
    const item = page.doc.querySelector(`#application-queue #application-${application.id}`);
    expect(item).toBeTruthy();
    expect(text(item!.querySelector('h3'))).toBe('Queue Shop');
    expect(text(item!.querySelector('.meta'))).toContain('Queue Person');
    expect(item!.querySelector('button.approve')).toBeTruthy();
  });

  it('approving makes the applicant a seller, writes an audit row and notifies them', async () => {
    const admin = await createAdmin(app.db);
    const buyer = await createUser(app.db);
    const applicant = await signedIn(buyer);
    const before = await applicant.get('/');
    expect(before.doc.querySelector('#nav')?.getAttribute('data-role')).toBe('buyer');
    expect(before.doc.querySelector('#nav-shop')).toBeNull();

    const application = await createApplication(app.db, buyer.id, { shop_name: 'Approved Goods' });
    const a = await signedIn(admin);
    await a.get('/admin/seller-applications');
    const page = await a.post(`/admin/seller-applications/${application.id}/approval`);
    expect(page.status).toBe(200);
    expect(flashText(page)).toContain('Application approved');
    expect(page.doc.querySelector(`#application-${application.id}`)).toBeNull();

    // the applicant's next page shows the seller navigation
    const next = await applicant.get('/');
    expect(next.doc.querySelector('#nav')?.getAttribute('data-role')).toBe('seller');
    expect(text(next.doc.querySelector('#nav-shop'))).toBe('My shop');
    expect(next.doc.querySelector('#nav-sell')).toBeNull();
    const shop = await applicant.get('/seller/application');
    expect(shop.doc.querySelector('#application-status')?.getAttribute('data-status')).toBe('approved');
    expect(text(shop.doc.querySelector('h1'))).toContain('Approved Goods');

    const audit = await app.db('audit_log').where({ subject_type: 'seller_application', subject_id: application.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, action: 'seller_application.approve', before: { status: 'pending' }, after: { status: 'approved' } });

    // the worker turns the decision into a notification for the applicant
    await eventually(() => app.db('notifications').where({ user_id: buyer.id, kind: 'seller.approved' }).first());
    const list = await applicant.get('/notifications');
    const items = list.doc.querySelectorAll('#notification-list li.notification');
    expect(items).toHaveLength(1);
    expect(text(items[0].querySelector('.title'))).toContain('Approved Goods');
    const badge = await applicant.get('/notifications/badge');
    expect(badge.doc.querySelector('.badge')?.getAttribute('data-count')).toBe('1');
  });

  it('rejecting requires a reason, shown beside the field; the application stays pending', async () => {
    const admin = await createAdmin(app.db);
    const buyer = await createUser(app.db);
    const application = await createApplication(app.db, buyer.id);
    const a = await signedIn(admin);
    await a.get('/admin/seller-applications');
    const page = await a.post(`/admin/seller-applications/${application.id}/rejection`, { reason: '' });
    expect(page.status).toBe(422);
    const error = page.doc.querySelector(`#application-${application.id} #reason-${application.id}-error`);
    expect(text(error)).toContain('Give the applicant a reason');
    expect(page.doc.querySelector(`#reason-${application.id}`)?.getAttribute('aria-invalid')).toBe('true');
    const row = await app.db('seller_applications').where({ id: application.id }).first();
    expect(row.status).toBe('pending');
    expect(await app.db('audit_log').where({ subject_type: 'seller_application', subject_id: application.id })).toHaveLength(0);
  });

  it('rejecting with a reason shows it to the applicant and notifies them', async () => {
    const admin = await createAdmin(app.db);
    const buyer = await createUser(app.db);
    const application = await createApplication(app.db, buyer.id, { shop_name: 'Rejected Shop' });
    const a = await signedIn(admin);
    await a.get('/admin/seller-applications');
    const reason = 'Please describe what you make <and> how you ship it.';
    const page = await a.post(`/admin/seller-applications/${application.id}/rejection`, { reason });
    expect(page.status).toBe(200);
    expect(flashText(page)).toContain('Application rejected');

    const applicant = await signedIn(buyer);
    const mine = await applicant.get('/seller/application');
    const status = mine.doc.querySelector('#application-status');
    expect(status?.getAttribute('data-status')).toBe('rejected');
    expect(text(status)).toContain(reason);
    // they may apply again
    expect(mine.doc.querySelector('#seller-application-form')).toBeTruthy();
    expect(mine.doc.querySelector('#nav')?.getAttribute('data-role')).toBe('buyer');

    await eventually(() => app.db('notifications').where({ user_id: buyer.id, kind: 'seller.rejected' }).first());
    const list = await applicant.get('/notifications');
    const item = list.doc.querySelector('#notification-list li.notification');
    expect(text(item)).toContain('not approved');
    expect(text(item)).toContain(reason);
  });

  it('two admins deciding the same application at once record exactly one decision', async () => {
    const [admin1, admin2] = await Promise.all([createAdmin(app.db), createAdmin(app.db)]);
    const [a1, a2] = await Promise.all([signedIn(admin1), signedIn(admin2)]);
    await Promise.all([a1.get('/admin/seller-applications'), a2.get('/admin/seller-applications')]);

    const cases: Array<'approve+reject' | 'approve+approve' | 'reject+reject'> = ['approve+reject', 'approve+approve', 'reject+reject', 'approve+reject'];
    for (const kind of cases) {
      const buyer = await createUser(app.db);
      const application = await createApplication(app.db, buyer.id);
      const act = (c: Client, what: string) =>
        what === 'approve'
          ? c.post(`/admin/seller-applications/${application.id}/approval`)
          : c.post(`/admin/seller-applications/${application.id}/rejection`, { reason: 'Not a fit for the marketplace.' });
      const [first, second] = kind.split('+');
      const pages = await Promise.all([act(a1, first), act(a2, second)]);

      for (const p of pages) expect(p.status).toBe(200);
      const flashes = pages.map(flashText);
      const winners = flashes.filter((f) => /Application (approved|rejected)\./.test(f));
      const losers = flashes.filter((f) => /already (approved|rejected)/.test(f));
      expect(winners, `${kind}: ${flashes.join(' | ')}`).toHaveLength(1);
      expect(losers, `${kind}: ${flashes.join(' | ')}`).toHaveLength(1);

      const audit = await app.db('audit_log').where({ subject_type: 'seller_application', subject_id: application.id });
      expect(audit).toHaveLength(1);
      const row = await app.db('seller_applications').where({ id: application.id }).first();
      expect(row.status).not.toBe('pending');
      expect(row.decided_by).toBe(audit[0].actor_id);
      const sellers = await app.db('sellers').where({ user_id: buyer.id });
      expect(sellers).toHaveLength(row.status === 'approved' ? 1 : 0);
      // the loser's message names the decision that actually stands
      expect(losers[0]).toContain(`already ${row.status}`);
      const events = await app.db('outbox').where({ topic: 'seller_application.decided' }).whereRaw("(payload->>'applicationId')::bigint = ?", [application.id]);
      expect(events).toHaveLength(1);
    }
  });

  it('an htmx approve answers with the #application-queue fragment', async () => {
    const admin = await createAdmin(app.db);
    const buyer = await createUser(app.db);
    const other = await createUser(app.db);
    const application = await createApplication(app.db, buyer.id);
    const waiting = await createApplication(app.db, other.id, { shop_name: 'Still Waiting' });
    const a = await signedIn(admin);
    await a.get('/admin/seller-applications');
    const frag = await a.post(`/admin/seller-applications/${application.id}/approval`, {}, { htmx: true });
    expect(frag.status).toBe(200);
    expect(frag.doc.querySelector('html')).toBeNull();
    const root = frag.doc.childNodes.find((n) => n.nodeType === 1) as unknown as { id: string } | undefined;
    expect(root?.id).toBe('application-queue');
    expect(frag.doc.querySelector(`#application-${application.id}`)).toBeNull();
    expect(text(frag.doc.querySelector(`#application-${waiting.id} h3`))).toBe('Still Waiting');

    // the same approval again (an old tab) is refused in the fragment's place, not with a 500
    const stale = await a.post(`/admin/seller-applications/${application.id}/approval`, {}, { htmx: true });
    expect(stale.status).toBe(409);
    const flash = stale.doc.querySelector('#flash');
    expect(flash?.getAttribute('hx-swap-oob')).toBe('true');
    expect(text(flash)).toContain('already approved');
    expect(stale.doc.querySelector('#application-queue')).toBeTruthy();
  });

  it('refuses a buyer on every admin route', async () => {
    const buyer = await createUser(app.db);
    const target = await createUser(app.db);
    const application = await createApplication(app.db, target.id);
    const c = await signedIn(buyer);
    await c.get('/');
    for (const path of ['/admin/seller-applications', '/admin/seller-applications/list', '/admin/counts', '/admin/users', `/admin/users/${target.id}`]) {
      const page = await c.get(path);
      expect(page.status, path).toBe(403);
      expect(page.doc.querySelector('.error-page')?.getAttribute('data-status'), path).toBe('403');
    }
    const approve = await c.post(`/admin/seller-applications/${application.id}/approval`);
    expect(approve.status).toBe(403);
    const reject = await c.post(`/admin/seller-applications/${application.id}/rejection`, { reason: 'I would like it gone' });
    expect(reject.status).toBe(403);
    const block = await c.post(`/admin/users/${target.id}/block`, { reason: 'I would like it gone' });
    expect(block.status).toBe(403);
    expect((await app.db('seller_applications').where({ id: application.id }).first()).status).toBe('pending');
    expect((await app.db('users').where({ id: target.id }).first()).blocked_at).toBeNull();
  });
});
