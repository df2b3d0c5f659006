/**
 * The phone's outbox: a grid worker on patrol loses the network, files a finding anyway; the page
 * says it is kept and shows "1 条待发送"; when the network returns it is sent by itself, once
 * (the server has exactly one request with that note), and nothing is left on the phone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { deskContext, launch, phoneContext, shot, signIn } from '../lib/browser.js';

/** Entries in the phone's outbox (IndexedDB), read in the page. */
const outboxCount = (page: Page): Promise<number> =>
  page.evaluate(`new Promise((resolve) => {
    const r = indexedDB.open('lianxin-outbox');
    r.onsuccess = () => {
      const c = r.result.transaction('entries').objectStore('entries').count();
      c.onsuccess = () => resolve(c.result);
    };
  })`);

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a finding made offline waits on the phone and arrives once when the network is back', async () => {
  const ctx = await phoneContext(browser);
  await signIn(ctx, 'grid');
  const page = await ctx.newPage();
  await page.goto('/grid/patrol');
  await page.getByRole('radio', { name: '小广告' }).check({ force: true });
  const note = `离线巡查 ${Date.now()}：楼道小广告`;
  await page.getByLabel('补充说明').fill(note);

  await ctx.setOffline(true);
  await page.getByTestId('patrol-submit').click();
  await page.getByTestId('patrol-kept').waitFor();
  await page.getByTestId('outbox-pending').getByText('1 条待发送').waitFor();
  await shot(page, 'phone-outbox-waiting');
  // While offline the entry is on the phone, in IndexedDB (not in localStorage, not in a URL).
  const keptCount = await outboxCount(page);
  assert.equal(keptCount, 1);
  assert.ok(!page.url().includes(note));

  await ctx.setOffline(false);
  // Sent by itself; the bar then says what the server answered: the request's number.
  await page.getByTestId('outbox-pending').waitFor({ state: 'detached', timeout: 30_000 });
  const sent = (await page.getByTestId('outbox-sent').textContent()) ?? '';
  const number = sent.match(/LX\d{12}/)?.[0];
  assert.ok(number, `the number is shown: ${sent}`);
  await shot(page, 'phone-outbox-sent');
  const left = await outboxCount(page);
  assert.equal(left, 0);

  // Exactly one request with that note, whatever the retries.
  const desk = await deskContext(browser);
  await signIn(desk, 'admin');
  const found = await desk.request.get(`/api/requests?q=${encodeURIComponent(note)}`);
  assert.equal(found.status(), 200);
  const body = (await found.json()) as { total: number; items: { channel: string; description: string; number: string }[] };
  assert.equal(body.total, 1);
  assert.equal(body.items[0]?.channel, 'patrol');
  assert.equal(body.items[0]?.number, number);
  await Promise.all([ctx.close(), desk.close()]);
});
