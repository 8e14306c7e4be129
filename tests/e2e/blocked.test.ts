import { describe, expect, it } from 'vitest';
import { createAdmin, createUser } from '../factories.js';
import { person, type Person, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

describe('blocking a signed-in user', () => {
  it('signs their open page out live, and then refuses their sign-in', async () => {
    const admin = await createAdmin(stage.app.db);
    const u = await createUser(stage.app.db, { display_name: 'Bo Blocked' });
    const people: Person[] = [];
    const user = await person(stage.browser, stage.app.baseUrl);
    const moderator = await person(stage.browser, stage.app.baseUrl);
    people.push(user, moderator);
    const up = user.page;
    const mp = moderator.page;
    try {
      // the user sits on the home page, signed in
      await signIn(up, u.email, u.password);
      expect(new URL(up.url()).pathname).toBe('/');
      expect(await up.locator('.who').textContent()).toBe('Bo Blocked');
      await waitForLive(up);

      // the admin blocks them from the admin UI
      await signIn(mp, admin.email, admin.password);
      await mp.goto(`/admin/users/${u.id}`);
      await mp.locator('#block-form').getByLabel('Reason').fill('Selling counterfeit goods');
      await Promise.all([
        mp.waitForURL((url) => url.pathname === `/admin/users/${u.id}`),
        mp.locator('#block-form').getByRole('button', { name: 'Block' }).click(),
      ]);
      await mp.locator('#block-status h2', { hasText: 'Blocked' }).waitFor();
      expect(await mp.locator('#flash').textContent()).toContain('User blocked; 1 session ended.');
      expect(await mp.locator('#block-status').textContent()).toContain('Selling counterfeit goods');

      // the user's page goes to sign-in on its own
      await up.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(up.url()).searchParams.get('reason')).toBe('ended');
      await expect.poll(() => up.locator('main .notice').textContent()).toContain('You have been signed out');
      expect(await up.locator('.who').count()).toBe(0);

      // signing in again tells them they are blocked
      await up.getByLabel('Email').fill(u.email);
      await up.getByLabel('Password').fill(u.password);
      await up.getByRole('button', { name: 'Sign in' }).click();
      await up.locator('#signin-form .form-error', { hasText: 'blocked' }).waitFor();
      expect(await up.locator('#signin-form .form-error').textContent()).toContain('This account is blocked');
      expect(new URL(up.url()).pathname).toBe('/signin');
      expect(await up.locator('.who').count()).toBe(0);
    } catch (err) {
      const logs = people.map((p, i) => `--- person ${i} console ---\n${p.logs.join('\n')}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
    } finally {
      await user.context.close();
      await moderator.context.close();
    }
  });
});
