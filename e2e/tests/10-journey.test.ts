/**
 * The acceptance journey: a resident reports with a photo → the grid worker signs for, contacts
 * and resolves on a phone → the resident rates → the dashboard's figures move.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { deskContext, launch, PASSWORD, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';
import { GRID_1, JIAOTONGLU, journey } from '../lib/flow.js';

declare const document: any; // in page.evaluate callbacks (run in the browser)

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function rankingValid(page: Page, unitId: string): Promise<number> {
  const row = page.locator(`tr[data-unit="${unitId}"]`);
  await row.waitFor();
  return Number(((await row.getByTestId('rank-valid').textContent()) ?? '').replace(/\D/g, ''));
}

async function kpiValid(page: Page): Promise<number> {
  const v = page.getByTestId('kpi-valid').locator('.lx-kpi-value');
  await page.waitForFunction(() => !document.querySelector('[data-testid="kpi-valid"] .lx-kpi-value')?.textContent?.includes('—'));
  return Number(((await v.textContent()) ?? '').replace(/\D/g, ''));
}

async function openDashboardAtCommunities(page: Page): Promise<void> {
  await page.goto('/desk/dashboard');
  await page
    .getByRole('radio', { name: '社区/村' })
    .check({ force: true })
    .catch(async () => {
      await page.getByText('社区/村', { exact: true }).click();
    });
  await page.getByLabel('查找单位').fill('交通路');
  await page.locator(`tr[data-unit="${JIAOTONGLU}"]`).waitFor();
}

describe('resident → grid worker → resident → dashboard', () => {
  test('the command centre notes the dashboard figures before', async () => {
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    await openDashboardAtCommunities(page);
    journey.validBefore = await rankingValid(page, JIAOTONGLU);
    journey.kpiValidBefore = await kpiValid(page);
    await ctx.close();
  });

  test('a resident reports a problem with a photo on a phone and gets a number', async () => {
    const grid = (await (await fetch(`${process.env.LIANXIN_E2E_URL}/api/units?kind=grid`)).json()) as {
      items: { id: string; location: { lat: number; lng: number } }[];
    };
    const here = grid.items.find((g) => g.id === GRID_1)!.location;
    const ctx = await phoneContext(browser, { geolocation: { latitude: here.lat, longitude: here.lng }, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    // a photo "taken on the phone": any PNG will do; take one of the page itself
    await page.goto('/');
    const photo = await page.screenshot({ type: 'jpeg', quality: 70 });
    await shot(page, 'phone-01-home');

    await page.getByTestId('home-report').click();
    await page.getByRole('heading', { name: '反映问题 / 求助' }).waitFor();
    await page.getByTestId('report-submit').click();
    await page.getByText(/还有 \d+ 处需要填写/).waitFor();

    await page.getByRole('radio', { name: '市容环境' }).check({ force: true });
    await page.getByLabel('具体情况').fill('交通路菜市场门口垃圾堆了三天没人清理，气味很大，影响行人通行。');
    await page.getByTestId('report-photos').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.lx-thumb img').first().waitFor();
    await page.getByTestId('use-gps').click();
    await page
      .getByTestId('picked-point')
      .getByText(/已选位置/)
      .waitFor();
    await page.getByLabel('手机号').fill(journey.phone);
    await page.getByLabel('称呼').fill('王阿姨');
    await page.waitForFunction(() => !document.querySelector('[data-testid="report-submit"]')?.hasAttribute('disabled'));
    await shot(page, 'phone-02-report-form');
    await page.getByTestId('report-submit').click();

    const number = ((await page.getByTestId('request-number').textContent()) ?? '').trim();
    assert.match(number, /^LX\d{12}$/);
    journey.number = number;
    await shot(page, 'phone-03-report-done');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the grid worker signs for, calls, records contact and resolves it on a phone', async () => {
    assert.ok(journey.number, 'needs the number from the report step');
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/login');
    await page.getByLabel('用户名').fill('grid');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    const item = page.locator(`a[data-number="${journey.number}"]`);
    await item.waitFor();
    await shot(page, 'phone-04-grid-inbox');

    await item.click();
    await page.getByTestId('act-sign').click();
    await page.getByRole('status').getByText('签收').waitFor();

    await page.getByTestId('reveal-phone').click();
    const call = page.getByTestId('call-link');
    await call.waitFor();
    assert.equal(await call.getAttribute('href'), `tel:${journey.phone}`);

    await page.getByTestId('act-contact').click();
    await page.getByLabel('联系情况').fill('已电话联系王阿姨，约好下午到现场查看。');
    await page.getByTestId('submit-contact').click();
    await page.getByRole('status').getByText('联系群众').waitFor();

    await page.getByTestId('act-resolve').click();
    await page.getByLabel('回复群众').fill('已协调环卫工人清运垃圾并消毒，现场已恢复整洁。');
    const after = await page.screenshot({ type: 'jpeg', quality: 60 });
    await page.getByTestId('photos-resolve').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: after });
    await page.locator('[data-testid="form-resolve"] .lx-thumb img').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="submit-resolve"]')?.hasAttribute('disabled'));
    await page.getByTestId('submit-resolve').click();
    await page.getByRole('status').getByText('办结').waitFor();
    await page.locator('.lx-status.is-resolved').first().waitFor();
    await shot(page, 'phone-05-grid-request-resolved');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the resident follows it by number and phone, sees the reply and rates it 满意', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto('/track');
    await page.getByLabel('诉求编号').fill(journey.number!);
    await page.getByLabel('手机号或查询码').fill(journey.phone);
    await page.getByTestId('track-find').click();
    await page.getByTestId('plain-status').getByText('已办结，请您评价').waitFor();
    assert.match((await page.getByTestId('reply').textContent()) ?? '', /垃圾/);
    assert.ok((await page.locator('.lx-photo-list.is-view img').count()) >= 2, 'the report photo and the handler photo are shown');
    await shot(page, 'phone-06-track-resolved');

    await page.getByRole('radio', { name: '满意', exact: true }).check({ force: true });
    await page.getByLabel('说说您的感受').fill('处理很及时，谢谢网格员！');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('my-rating').getByText('满意').waitFor();
    await page.getByTestId('plain-status').getByText('您已评价').waitFor();
    await shot(page, 'phone-07-track-rated');
    await ctx.close();
  });

  test('the dashboard counts the new valid follow-up for 交通路社区 and the district', async () => {
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    await openDashboardAtCommunities(page);
    assert.equal(await rankingValid(page, JIAOTONGLU), journey.validBefore! + 1);
    assert.equal(await kpiValid(page), journey.kpiValidBefore! + 1);
    await shot(page, 'desk-03-dashboard');
    await ctx.close();
  });
});
