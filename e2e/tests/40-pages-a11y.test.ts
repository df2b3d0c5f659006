/**
 * Every main page, at phone and desk size: a screenshot (e2e/screenshots/) and an axe-core scan
 * that must report no serious or critical violation (WCAG 2.1 A/AA rules).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, deskContext, launch, phoneContext, SCREENSHOTS, shot, signIn, watchErrors } from '../lib/browser.js';

let browser: Browser;
const report: { page: string; violations: { id: string; impact: string | null | undefined; nodes: number; help: string }[] }[] = [];

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, 'axe-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const serious = report.flatMap((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'));
  console.log(
    `axe: ${report.length} pages scanned, ${serious.length} serious/critical, ${report.reduce((n, r) => n + r.violations.length, 0)} violations in all`,
  );
});

async function check(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  const errors = watchErrors(page);
  await ready();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  await shot(page, name);
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = res.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.length,
    help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  report.push({ page: name, violations });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${name}: axe found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
  assert.deepEqual(errors, [], `${name}: page errors`);
}

/** A fresh request with a known phone, so the tracking page has something to show. */
async function fileOne(ctx: BrowserContext): Promise<{ number: string; phone: string }> {
  const phone = '13700001111';
  const r = await ctx.request.post('/api/requests', {
    data: {
      kind: 'problem',
      categoryCode: 'small_ads',
      description: '楼道里贴满了小广告，请帮忙清理。',
      communityCode: '141102001002',
      reporterPhone: phone,
      anonymous: false,
    },
    headers: { 'Idempotency-Key': `e2e-a11y-${Date.now()}` },
  });
  assert.equal(r.status(), 201, await r.text());
  return { number: ((await r.json()) as { number: string }).number, phone };
}

describe('resident pages (phone)', () => {
  let ctx: BrowserContext;
  let page: Page;
  before(async () => {
    ctx = await phoneContext(browser);
    page = await ctx.newPage();
  });
  after(async () => ctx.close());

  test('home', async () => {
    await page.goto('/');
    await check(page, 'phone-a-home', () => page.getByRole('heading', { level: 1 }).waitFor());
  });
  test('report form', async () => {
    await page.goto('/report');
    await check(page, 'phone-b-report', () => page.getByTestId('cat-city_appearance').waitFor());
  });
  test('report form, choose the community', async () => {
    await page.getByRole('radio', { name: '选择所在社区' }).check({ force: true });
    await check(page, 'phone-c-report-community', () => page.locator('select[name=community]').waitFor());
  });
  test('tracking a request', async () => {
    const r = await fileOne(ctx);
    await page.goto(`/track?number=${r.number}`);
    await page.getByLabel('手机号或查询码').fill(r.phone);
    await page.getByTestId('track-find').click();
    await check(page, 'phone-d-track', () => page.getByTestId('plain-status').waitFor());
  });
  test('tracking, not found', async () => {
    await page.goto('/track');
    await page.getByLabel('诉求编号').fill('LX000000000000');
    await page.getByLabel('手机号或查询码').fill('13800000000');
    await page.getByTestId('track-find').click();
    await check(page, 'phone-e-track-not-found', () => page.getByText('没有找到编号').waitFor());
  });
  test('sign in', async () => {
    await page.goto('/login');
    await check(page, 'phone-f-login', () => page.getByLabel('用户名').waitFor());
  });
});

describe('便民地图 (phone)', () => {
  let ctx: BrowserContext;
  let page: Page;
  before(async () => {
    // near 交通路社区, with the position allowed
    ctx = await phoneContext(browser, { geolocation: { latitude: 37.5099, longitude: 111.1299 }, permissions: ['geolocation'] });
    page = await ctx.newPage();
  });
  after(async () => ctx.close());

  test('map page, no type chosen', async () => {
    await page.goto('/places');
    await check(page, 'phone-r-places', () => page.getByRole('radio', { name: '爱心驿站' }).waitFor());
  });
  test('map page, nearest open toilets as a list', async () => {
    await page.goto('/places?type=toilet&open=0');
    await check(page, 'phone-s-places-toilets', () => page.getByTestId('place-item').first().waitFor());
  });
  test('map page, canteens on the map', async () => {
    await page.goto('/places?type=canteen&view=map&open=0');
    await check(page, 'phone-t-places-canteens-map', () => page.locator('.lx-pin').first().waitFor());
  });
  test('a place: canteen (menu, discount, delivery)', async () => {
    await page.goto('/places?type=canteen&open=0');
    await page.getByTestId('place-item').first().click();
    await check(page, 'phone-u-place-canteen', () => page.getByTestId('place-facts').waitFor());
  });
  test('a place: off-hours car park (spaces, fee, 错时)', async () => {
    await page.goto('/places?type=parking&open=0');
    await page.getByTestId('place-item').first().click();
    await check(page, 'phone-v-place-parking', () => page.getByTestId('place-facts').waitFor());
  });
  test('a place: station, with the problem form open', async () => {
    await page.goto('/places?type=station');
    await page.getByTestId('place-item').first().click();
    await page.getByTestId('place-report-open').click();
    await check(page, 'phone-w-place-station-report', () => page.getByLabel('具体情况').waitFor());
  });
});

describe('a signed-in resident (phone)', () => {
  test('my requests', async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'resident');
    const page = await ctx.newPage();
    await page.goto('/mine');
    await check(page, 'phone-g-mine', () => page.getByRole('heading', { name: '我的诉求' }).waitFor());
    await ctx.close();
  });
});

describe('修改密码 (phone)', () => {
  test('change password, for every signed-in user', async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'resident');
    const page = await ctx.newPage();
    await page.goto('/account/password');
    await check(page, 'phone-l-password', () => page.getByLabel('当前密码（或临时密码）').waitFor());
    await ctx.close();
  });
});

describe('grid worker pages (phone)', () => {
  let ctx: BrowserContext;
  let page: Page;
  before(async () => {
    ctx = await phoneContext(browser);
    await signIn(ctx, 'grid');
    page = await ctx.newPage();
  });
  after(async () => ctx.close());

  test('inbox', async () => {
    await page.goto('/grid');
    await check(page, 'phone-h-grid-inbox', () => page.getByRole('heading', { name: '我的待办' }).waitFor());
  });
  test('a request of the inbox', async () => {
    const first = page.locator('[data-testid="inbox"] a').first();
    if (await first.count()) {
      await first.click();
      await check(page, 'phone-i-grid-request', () => page.getByRole('heading', { name: '办理时间线' }).waitFor());
    }
  });
  test('patrol report', async () => {
    await page.goto('/grid/patrol');
    await check(page, 'phone-j-grid-patrol', () => page.getByTestId('cat-city_appearance').waitFor());
  });
  test('entry for a caller', async () => {
    await page.goto('/grid/proxy');
    await check(page, 'phone-k-grid-proxy', () => page.getByTestId('cat-city_appearance').waitFor());
  });
});

describe('desk pages (1440×900)', () => {
  let ctx: BrowserContext;
  let page: Page;
  before(async () => {
    ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    page = await ctx.newPage();
  });
  after(async () => ctx.close());

  test('dispatch board', async () => {
    await page.goto('/desk');
    await check(page, 'desk-a-board', () => page.locator('[data-testid="board-number"]').first().waitFor());
  });
  test('dispatch board, overdue queue', async () => {
    await page.goto('/desk?queue=overdue');
    await check(page, 'desk-b-board-overdue', () => page.getByRole('tab', { name: '已超时', selected: true }).waitFor());
  });
  test('request detail', async () => {
    await page.goto('/desk');
    await page.locator('[data-testid="board-number"]').first().click();
    await check(page, 'desk-c-detail', () => page.getByTestId('detail-actions').waitFor());
  });
  test('dashboard', async () => {
    await page.goto('/desk/dashboard');
    await check(page, 'desk-d-dashboard', () => page.locator('.lx-chart canvas').first().waitFor());
  });
  for (const tab of ['categories', 'calendar', 'units', 'accounts', 'apikeys']) {
    test(`admin: ${tab}`, async () => {
      await page.goto(`/desk/admin/${tab}`);
      await check(page, `desk-e-admin-${tab}`, () => page.locator('.ant-table').first().waitFor());
    });
  }
  test('admin: a provisional year (2027) says so, and the command centre confirms it once the notice is entered', async () => {
    await page.goto('/desk/admin/calendar');
    await page.locator('#cal-year').fill('2027');
    await page.getByText('本年为暂定日历').waitFor();
    await page.getByRole('cell', { name: '2027-02-05（2027年2月5日）' }).waitFor(); // 除夕, computed from the law and the Chinese calendar
    await check(page, 'desk-e-admin-calendar-2027', () => page.getByRole('button', { name: '确认已按通知补录' }).waitFor());
    await page.getByLabel('通知名称或文号').fill('国务院办公厅关于2027年部分节假日安排的通知');
    await page.getByRole('button', { name: '确认已按通知补录' }).click();
    await page.getByText(/本年日历已于.+确认按通知补录/).waitFor();
  });
  test('admin: accounts, the move dialog', async () => {
    await page.goto('/desk/admin/accounts');
    await page.getByRole('button', { name: /^更多操作：交通路社区第1网格/ }).click();
    await page.getByRole('menuitem', { name: '调动单位' }).click();
    await check(page, 'desk-e-admin-accounts-move', () => page.getByText('只能调到与角色相符的单位').waitFor());
    await page.keyboard.press('Escape');
  });
  test('change password (desk)', async () => {
    await page.goto('/account/password');
    await check(page, 'desk-o-password', () => page.getByLabel('当前密码（或临时密码）').waitFor());
  });
  test('entry for a caller', async () => {
    await page.goto('/desk/proxy');
    await check(page, 'desk-f-proxy', () => page.getByTestId('cat-city_appearance').waitFor());
  });
  test('places: table, filters, search', async () => {
    await page.goto('/desk/places?type=station');
    await check(page, 'desk-l-places', () => page.getByTestId('place-row-name').first().waitFor());
  });
  test('places: the form of a station (type fields, hours)', async () => {
    await page.getByTestId('place-row-name').first().click();
    await check(page, 'desk-m-place-form', () => page.getByTestId('place-save').waitFor());
    await page.keyboard.press('Escape');
  });
  test('places: events of a station', async () => {
    await page.goto('/desk/places?type=station');
    await page.getByTestId('place-events').first().click();
    await check(page, 'desk-n-place-events', () => page.getByLabel('活动名称').waitFor());
    await page.keyboard.press('Escape');
  });
  test('places: station use statistics', async () => {
    await page.goto('/desk/places/stats');
    await check(page, 'desk-o-places-stats', () => page.locator('.lx-chart canvas').first().waitFor());
  });
  test('places: import and export', async () => {
    await page.goto('/desk/places/import');
    await check(page, 'desk-p-places-import', () => page.getByRole('heading', { name: '导入场所' }).waitFor());
  });
});

describe('账号管理 of a street (desk and phone)', () => {
  test('street staff: the accounts of their street', async () => {
    const ctx = await deskContext(browser);
    await signIn(ctx, 'binhe');
    const page = await ctx.newPage();
    await page.goto('/desk/accounts');
    await check(page, 'desk-p-accounts-street', () => page.locator('.ant-table-row').first().waitFor());
    await ctx.close();
  });
  test('street staff: the same page on a phone', async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'binhe');
    const page = await ctx.newPage();
    await page.goto('/desk/accounts');
    await check(page, 'phone-m-accounts-street', () => page.locator('.ant-table-row').first().waitFor());
    await ctx.close();
  });
});

describe('resident pages at desk size', () => {
  test('home and report on a computer', async () => {
    const ctx = await deskContext(browser);
    const page = await ctx.newPage();
    await page.goto('/');
    await check(page, 'desk-g-resident-home', () => page.getByRole('heading', { level: 1 }).waitFor());
    await page.goto('/report');
    await check(page, 'desk-h-resident-report', () => page.getByTestId('cat-city_appearance').waitFor());
    await ctx.close();
  });
  test('the map page and a place on a computer', async () => {
    const ctx = await deskContext(browser);
    const page = await ctx.newPage();
    await page.goto('/places?type=station');
    await check(page, 'desk-q-resident-places', () => page.getByTestId('place-item').first().waitFor());
    await page.getByTestId('place-item').first().click();
    await check(page, 'desk-r-resident-place', () => page.getByTestId('place-facts').waitFor());
    await ctx.close();
  });
  test('the desk places page on a phone', async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'jiaotonglu');
    const page = await ctx.newPage();
    await page.goto('/desk/places');
    await check(page, 'phone-x-desk-places', () => page.getByTestId('place-row-name').first().waitFor());
    await ctx.close();
  });
  test(`the desk board on a phone (${BASE_URL.startsWith('http') ? 'responsive' : ''})`, async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'binhe');
    const page = await ctx.newPage();
    await page.goto('/desk');
    await check(page, 'phone-l-desk-board', () => page.locator('[data-testid="board-number"]').first().waitFor());
    await ctx.close();
  });
});
