/**
 * Notices and jobs as their users meet them: a resident's report is dispatched by the command
 * centre; the department's desk bell and the resident's phone bell show one unread notice; the
 * resident opens the inbox, reads it and lands on the request; the bell goes quiet. The command
 * centre sees the background jobs (the overdue sweep among them). Both pages pass axe.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeClean } from '../lib/a11y.js';
import { deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a dispatch rings the department’s and the resident’s bells; the resident reads it and lands on the request', async () => {
  const resident = await phoneContext(browser);
  await signIn(resident, 'resident');
  const created = await resident.request.post('/api/requests', {
    data: { categoryCode: 'garbage', description: '小区垃圾站满了三天没人清运。', communityCode: '141102001002' },
    headers: { 'Idempotency-Key': `e2e-notices-${Date.now()}` },
  });
  assert.equal(created.status(), 201, await created.text());
  const req = (await created.json()) as { id: string; number: string };

  const admin = await deskContext(browser);
  await signIn(admin, 'admin');
  const dispatched = await admin.request.post(`/api/requests/${req.id}/actions`, { data: { action: 'dispatch', handlerUnitId: 'D-HWZX' } });
  assert.equal(dispatched.status(), 200, await dispatched.text());

  // The department's desk: its bell counts the new request.
  const hwzx = await deskContext(browser);
  await signIn(hwzx, 'hwzx');
  const desk = await hwzx.newPage();
  const deskErrors = watchErrors(desk);
  await desk.goto('/desk');
  const deskBell = desk.getByRole('link', { name: /消息通知，\d+ 条未读/ });
  await deskBell.waitFor();
  await deskBell.click();
  await desk.getByRole('heading', { name: '消息通知' }).waitFor();
  await desk.getByText(new RegExp(`新工单 ${req.number}`)).waitFor();
  await shot(desk, 'desk-notices');
  await axeClean(desk, 'desk-notices');
  assert.deepEqual(deskErrors, []);

  // The resident's phone: one unread, read it, land on the request, the bell is quiet.
  const page = await resident.newPage();
  const errors = watchErrors(page);
  await page.goto('/');
  // Earlier tests may have told this resident of other steps: count from what the bell says now.
  const bell = page.getByRole('link', { name: /消息通知，\d+ 条未读/ });
  await bell.waitFor();
  const before = Number((await bell.getAttribute('aria-label'))?.match(/(\d+) 条未读/)?.[1]);
  assert.ok(before >= 1);
  await bell.click();
  await page.getByRole('heading', { name: '消息通知' }).waitFor();
  const item = page.getByRole('button', { name: new RegExp(`您反映的问题（编号 ${req.number}）已派至`) });
  await item.waitFor();
  await shot(page, 'phone-notices');
  await axeClean(page, 'phone-notices');
  await item.click();
  await page.waitForURL(new RegExp(`/mine/${req.id}$`));
  const after = before - 1;
  await page.getByRole('link', { name: after ? `消息通知，${after} 条未读` : '消息通知' }).waitFor();
  assert.deepEqual(errors, []);
  await Promise.all([resident.close(), admin.close(), hwzx.close()]);
});

test('the command centre sees the background jobs, the overdue sweep among them', async () => {
  const admin = await deskContext(browser);
  await signIn(admin, 'admin');
  const page = await admin.newPage();
  const errors = watchErrors(page);
  await page.goto('/desk/admin/jobs');
  await page.getByRole('tab', { name: '后台任务' }).waitFor();
  await page.getByRole('cell', { name: 'overdue-sweep' }).waitFor();
  await shot(page, 'desk-admin-jobs');
  await axeClean(page, 'desk-admin-jobs');
  assert.deepEqual(errors, []);
  await admin.close();
});
