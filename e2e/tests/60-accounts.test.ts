/**
 * The account lifecycle in the browser: the command centre resets a worker's password, the worker
 * signs in with the temporary one, is sent to 修改密码 before anything else, changes it, and works.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { BASE_URL, deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';
import { GRID_1 } from '../lib/flow.js';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const username = `e2e-reset-${Date.now().toString(36)}`;
const NEW_PASSWORD = 'Liangjun-2026-spring';

test('admin resets a worker’s password → temporary sign-in → forced change → the worker works', async () => {
  // The worker exists and is signed in somewhere (that session must end with the reset).
  const desk = await deskContext(browser);
  await signIn(desk, 'admin');
  const created = await desk.request.post('/api/users', {
    data: { username, displayName: '重置测试 网格员', password: 'Lianxin@2026', role: 'grid_worker', unitId: GRID_1 },
  });
  assert.equal(created.status(), 201, await created.text());

  // 1. The command centre finds the account and resets its password; the temporary one is shown once.
  const page = await desk.newPage();
  const errors = watchErrors(page);
  await page.goto('/desk/admin/accounts');
  await page.getByPlaceholder('搜索用户名或姓名').fill(username);
  await page.getByPlaceholder('搜索用户名或姓名').press('Enter');
  const row = page.locator('tr', { hasText: username });
  await row.waitFor();
  // The unfiltered list may still be on screen: wait for the search's answer.
  await page.locator('tbody tr.ant-table-row').nth(1).waitFor({ state: 'detached' });
  assert.equal(await page.locator('tbody tr.ant-table-row').count(), 1, 'the search finds exactly the account');
  await shot(page, 'desk-q-accounts-search');
  await row.getByRole('button', { name: '重置密码' }).click();
  await page.getByRole('button', { name: /^确\s*定$/ }).click();
  const code = page.locator('.lx-temp-password code');
  await code.waitFor();
  const temporary = (await code.textContent())?.trim() ?? '';
  assert.match(temporary, /^[A-HJ-NP-Za-km-z2-9]{12}$/);
  await shot(page, 'desk-r-accounts-temporary');
  // The confirmation's dialog may still be closing: press 确定 in the dialog that shows the password.
  await page
    .getByRole('dialog')
    .filter({ has: code })
    .getByRole('button', { name: /^确\s*定$/ })
    .click();
  await row.getByText('待改密码').waitFor();
  assert.deepEqual(errors, []);

  // 2. The worker signs in on a phone with the temporary password and lands on 修改密码.
  const phone = await phoneContext(browser);
  const p = await phone.newPage();
  await p.goto('/login');
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(temporary);
  await p.getByRole('button', { name: '登录' }).click();
  await p.waitForURL(/\/account\/password/);
  await p.getByText('您的密码已被管理员重置').waitFor();
  // Nothing else opens meanwhile: the inbox sends the worker back here, the API refuses.
  await p.goto('/grid');
  await p.waitForURL(/\/account\/password/);
  const refused = await phone.request.get('/api/requests?pageSize=1');
  assert.equal(refused.status(), 403);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'PASSWORD_CHANGE_REQUIRED');
  await shot(p, 'phone-x-password-forced');

  // 3. A common password is refused by name; a good one is accepted.
  await p.getByLabel('当前密码（或临时密码）').fill(temporary);
  await p.getByLabel(/^新密码/).fill('password123');
  await p.getByLabel('再次输入新密码').fill('password123');
  await p.getByRole('button', { name: '保存新密码' }).click();
  await p.getByText('这是常见密码').waitFor();
  await shot(p, 'phone-y-password-common');
  await p.getByLabel(/^新密码/).fill(NEW_PASSWORD);
  await p.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
  await p.getByRole('button', { name: '保存新密码' }).click();
  await p.getByText('密码已修改').waitFor();
  await p.getByRole('button', { name: '继续' }).click();
  await p.getByRole('heading', { name: '我的待办' }).waitFor();
  assert.equal((await phone.request.get('/api/requests?pageSize=1')).status(), 200);
  await shot(p, 'phone-z-after-change');

  // 4. The temporary password is spent; the new one signs in.
  const again = await browser.newContext({ baseURL: BASE_URL });
  assert.equal((await again.request.post('/api/auth/login', { data: { username, password: temporary } })).status(), 401);
  assert.equal((await again.request.post('/api/auth/login', { data: { username, password: NEW_PASSWORD } })).status(), 200);
  await again.close();
  await phone.close();
  await desk.close();
});
