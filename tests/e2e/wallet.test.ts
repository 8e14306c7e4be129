import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chaosOn } from '../../src/payments/local-events.js';
import { createUser } from '../factories.js';
import { markPage, pageMark, person, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

describe('the wallet, live', () => {
  it('a top-up paid in one tab shows up in the other tab’s balances without a reload; a declined card moves nothing', async () => {
    // webhooks arrive at once and once: the gateway's chaos (late, doubled deliveries) is off in tests
    expect(chaosOn(loadConfig(stage.app.env))).toBe(false);
    const user = await createUser(stage.app.db, { display_name: 'Wanda Wallet' });
    const me = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(me);
    const watch = me.page;
    const pay = await me.context.newPage();
    try {
      await signIn(watch, user.email, user.password);
      await watch.goto('/wallet');
      await waitForLive(watch);
      expect(await watch.locator('#balance-available .amount').textContent()).toBe('€0.00');
      expect(await watch.locator('#wallet-balance').textContent()).toBe('€0.00');
      const marker = await markPage(watch);

      // the same person tops up in another tab
      await pay.goto('/wallet');
      await pay.getByLabel(/Amount/).fill('25');
      await pay.getByRole('button', { name: 'Continue to payment' }).click();
      await pay.waitForURL((u) => u.pathname.startsWith('/gateway/pay/'));
      await pay.getByLabel('Card number').fill('4242 4242 4242 4242');
      await pay.getByLabel(/Expiry date/).fill('12 / 34');
      await pay.getByLabel(/Security code/).fill('123');
      await pay.getByLabel('Name on card').fill('Wanda Wallet');
      await pay.getByRole('button', { name: /^Pay / }).click();
      await pay.waitForURL((u) => u.pathname.startsWith('/wallet/topups/'));
      await pay.locator('#topup-status[data-status="succeeded"]').waitFor();

      // the first tab, never reloaded, follows: the page's balances and the header
      await expect.poll(() => watch.locator('#balance-available .amount').textContent()).toBe('€25.00');
      await expect.poll(() => watch.locator('#wallet-balance').textContent()).toBe('€25.00');
      expect(await pageMark(watch)).toBe(marker);

      // a declined card: a clear message on the hosted page and back in the wallet, nothing moves
      await pay.goto('/wallet');
      await pay.getByLabel(/Amount/).fill('40');
      await pay.getByRole('button', { name: 'Continue to payment' }).click();
      await pay.waitForURL((u) => u.pathname.startsWith('/gateway/pay/'));
      await pay.getByLabel('Card number').fill('4000 0000 0000 0002');
      await pay.getByLabel(/Expiry date/).fill('12 / 34');
      await pay.getByLabel(/Security code/).fill('123');
      await pay.getByLabel('Name on card').fill('Wanda Wallet');
      await pay.getByRole('button', { name: /^Pay / }).click();
      await expect.poll(() => pay.getByRole('alert').first().textContent()).toContain('Your card was declined.');
      await pay.getByRole('link', { name: 'Back to Souk without paying' }).click();
      await pay.waitForURL((u) => u.pathname.startsWith('/wallet/topups/'));
      await expect.poll(() => pay.locator('#topup-message').textContent()).toContain('Your card was declined.');
      await pay.locator('#topup-status[data-status="failed"]').waitFor();
      expect(await pay.locator('#wallet-balance').textContent()).toBe('€25.00');
      expect(await watch.locator('#balance-available .amount').textContent()).toBe('€25.00');
      expect(await pageMark(watch)).toBe(marker);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await me.context.close();
    }
  });
});
