/** The printable 工单 card from the desk: the request page offers it, and the link it gives downloads a PDF of that request. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { deskContext, launch, shot, signIn } from '../lib/browser.js';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a community worker downloads the 工单 card of its own request as PDF', async () => {
  const ctx = await deskContext(browser);
  await signIn(ctx, 'jiaotonglu');
  const list = (await (await ctx.request.get('/api/requests?pageSize=1')).json()) as { items: { id: string; number: string }[] };
  const own = list.items[0];
  assert.ok(own, 'the demo data has a request of 交通路社区');
  const page = await ctx.newPage();
  await page.goto(`/desk/r/${own.id}`);
  const button = page.getByTestId('card-pdf');
  await button.waitFor();
  assert.match((await button.textContent()) ?? '', /打印工单卡/);
  await shot(page, 'desk-08-request-card-button');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), `${own.number}.pdf`);
  const file = await download.path();
  const fs = await import('node:fs');
  const head = fs.readFileSync(file).subarray(0, 5).toString();
  assert.equal(head, '%PDF-');
  await ctx.close();
});
