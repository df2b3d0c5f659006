/**
 * The phone's outbox: a grid worker on patrol loses the network, takes a photo and files a
 * finding anyway; the page says it is kept and shows "1 条待发送（含 1 张照片）"; when the network
 * returns it is sent by itself, once (the server has exactly one request with that note and
 * that photo), and nothing is left on the phone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { deskContext, launch, phoneContext, shot, signIn } from '../lib/browser.js';

/** Entries (or photos) in the phone's outbox (IndexedDB), read in the page. */
const outboxCount = (page: Page, store: 'entries' | 'photos' = 'entries'): Promise<number> =>
  page.evaluate(`new Promise((resolve) => {
    const r = indexedDB.open('lianxin-outbox');
    r.onsuccess = () => {
      const c = r.result.transaction('${store}').objectStore('${store}').count();
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
  // A photo taken without a network waits on the phone with the finding.
  const photo = await page.screenshot({ type: 'jpeg', quality: 60 });
  await page.getByTestId('patrol-photo').setInputFiles({ name: 'patrol.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.locator('.lx-thumb').getByText('联网后上传').waitFor();
  await page.getByTestId('patrol-submit').click();
  await page.getByTestId('patrol-kept').waitFor();
  await page.getByTestId('outbox-pending').getByText('1 条待发送').waitFor();
  await page.getByTestId('outbox-photos').getByText('含 1 张照片').waitFor();
  await shot(page, 'phone-outbox-waiting');
  // While offline the entry is on the phone, in IndexedDB (not in localStorage, not in a URL).
  const keptCount = await outboxCount(page);
  assert.equal(keptCount, 1);
  assert.equal(await outboxCount(page, 'photos'), 1);
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
  assert.equal(await outboxCount(page, 'photos'), 0);

  // Exactly one request with that note, whatever the retries.
  const desk = await deskContext(browser);
  await signIn(desk, 'admin');
  const found = await desk.request.get(`/api/requests?q=${encodeURIComponent(note)}`);
  assert.equal(found.status(), 200);
  const body = (await found.json()) as { total: number; items: { id: string; channel: string; description: string; number: string }[] };
  assert.equal(body.total, 1);
  assert.equal(body.items[0]?.channel, 'patrol');
  assert.equal(body.items[0]?.number, number);
  // with the photo taken offline, once
  const detail = (await (await desk.request.get(`/api/requests/${body.items[0]?.id}`)).json()) as {
    timeline: { action: string; photos: string[] }[];
  };
  const created = detail.timeline.find((e) => e.action === 'create');
  assert.equal(created?.photos.length, 1);
  assert.equal((await desk.request.get(`/api/uploads/${created?.photos[0]}`)).status(), 200);
  await Promise.all([ctx.close(), desk.close()]);
});
