/** Scope in the browser: a community worker cannot open another community's request by URL. */
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

async function firstRequestOf(username: string): Promise<{ id: string; number: string; communityCode: string }> {
  const ctx = await deskContext(browser);
  await signIn(ctx, username);
  const r = await ctx.request.get('/api/requests?pageSize=1');
  const body = (await r.json()) as { items: { id: string; number: string; communityCode: string }[] };
  await ctx.close();
  assert.ok(body.items[0], `${username} has requests in the demo data`);
  return body.items[0];
}

test('a community worker gets “no permission” for another community’s request opened by URL', async () => {
  const other = await firstRequestOf('jiaotonglu'); // 交通路社区
  const ctx = await deskContext(browser);
  await signIn(ctx, 'dongguan'); // 东关社区
  const api = await ctx.request.get(`/api/requests/${other.id}`);
  // docs/roles.md: a request outside the actor's scope is "not found", exactly as one that does not exist.
  assert.equal(api.status(), 404, `the API answers as if it did not exist (${api.status()})`);

  const page = await ctx.newPage();
  await page.goto(`/desk/r/${other.id}`);
  await page.getByRole('heading', { name: '您没有权限查看这条诉求' }).waitFor();
  assert.equal(await page.getByText(other.number).count(), 0, 'nothing of the request leaks into the page');
  await shot(page, 'desk-05-forbidden');
  await ctx.close();
});

test('the same worker opens a request of its own community and sees only the actions allowed', async () => {
  const own = await firstRequestOf('dongguan');
  const ctx = await deskContext(browser);
  await signIn(ctx, 'dongguan');
  const detail = (await (await ctx.request.get(`/api/requests/${own.id}`)).json()) as { actions: string[] };
  const page = await ctx.newPage();
  await page.goto(`/desk/r/${own.id}`);
  const panel = page.getByTestId('detail-actions');
  await panel.waitFor();
  const shown = await panel
    .locator('button[data-testid^="action-"]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid')!.slice(7)));
  assert.deepEqual(shown.sort(), [...detail.actions].sort());
  await ctx.close();
});
