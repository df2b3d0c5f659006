/**
 * 便民地图: an outdoor worker on a phone finds the nearest open 爱心驿站 from where she stands and
 * sees its facilities and hours (then checks in and reports a problem); the command centre
 * imports places — the dry run lists every bad row and nothing is written until the file is clean.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';

/** Near 交通路社区 (WGS-84), where an outdoor worker stands. */
const HERE = { latitude: 37.5099, longitude: 111.1299 };

interface ApiPlace {
  id: string;
  name: string;
  openNow: boolean;
  distanceMetres?: number;
  hours: { kind: string };
  attrs: Record<string, unknown>;
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function json<T>(path: string, ctx?: BrowserContext): Promise<T> {
  if (ctx) {
    const r = await ctx.request.get(path);
    assert.ok(r.ok(), `${path}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  }
  const r = await fetch(`${BASE_URL}${path}`);
  assert.ok(r.ok, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

async function listed(page: Page): Promise<{ name: string; distance: number; open: string; text: string }[]> {
  return page.getByTestId('place-item').evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.lx-item-title')?.textContent ?? '',
      distance: Number(el.getAttribute('data-distance')),
      open: el.getAttribute('data-open') ?? '',
      text: el.textContent ?? '',
    })),
  );
}

describe('a resident finds the nearest open station on a phone', () => {
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  let first: ApiPlace;
  before(async () => {
    ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    page = await ctx.newPage();
    errors = watchErrors(page);
  });
  after(async () => ctx.close());

  test('home → 便民地图 → 爱心驿站 → 离我最近: open stations, nearest first', async () => {
    await page.goto('/');
    await page.getByTestId('home-places').click();
    await page.getByRole('heading', { name: '便民地图', level: 1 }).waitFor();
    await page.getByRole('radio', { name: '爱心驿站' }).check();
    await page.getByTestId('near-me').click();
    await page.getByTestId('origin').getByText('按离“我的位置”的距离排序').waitFor();
    assert.equal(await page.getByTestId('open-only').isChecked(), true, '“现在开放” is on by default');

    // what the server says is nearest and open from here, in order
    const expected = (
      await json<{ items: ApiPlace[] }>(`/api/places/nearest?lat=${HERE.latitude}&lng=${HERE.longitude}&type=station&openNow=1&limit=10`)
    ).items;
    assert.ok(expected.length >= 3, 'the demo data has open stations near 交通路');
    first = expected[0] as ApiPlace;
    await page.getByTestId('results-count').getByText(`找到 ${expected.length} 处`).waitFor();
    await page.waitForFunction(
      (name) => (globalThis as any).document.querySelector('[data-testid="place-item"] .lx-item-title')?.textContent === name,
      first.name,
    );

    const rows = await listed(page);
    assert.deepEqual(
      rows.map((r) => r.name),
      expected.map((p) => p.name),
    );
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.distance <= rows[i]!.distance, 'sorted by distance');
    assert.ok(rows[0]!.distance < 1000, `the nearest is close by (${rows[0]!.distance} m)`);
    for (const r of rows) {
      assert.equal(r.open, '1');
      assert.match(r.text, /正在开放/, 'open now in words');
      assert.match(r.text, /\d+ 米|\d+(\.\d)? 公里/, 'the distance');
      assert.match(r.text, /24小时开放|每天|周/, 'the hours');
    }
    // key facilities on the first item
    const facilities = first.attrs.facilities as string[];
    const firstItem = page.getByTestId('place-item').first();
    await firstItem.getByTestId('facts').getByText(facilities[0]!, { exact: true }).waitFor();
    await shot(page, 'phone-m-places-stations');
  });

  test('the map view shows the same stations as markers; Enter on a marker shows that station', async () => {
    await page.getByRole('radio', { name: '地图' }).check();
    const pins = page.locator('.lx-pin');
    await pins.first().waitFor();
    const n = await page.getByTestId('place-item').count();
    assert.equal(n, 1, 'under the map: the chosen station');
    assert.equal(
      await pins.count(),
      (await json<{ items: ApiPlace[] }>(`/api/places/nearest?lat=${HERE.latitude}&lng=${HERE.longitude}&type=station&openNow=1&limit=10`))
        .items.length,
    );
    // keyboard: markers are buttons named by the station
    const second = pins.nth(1);
    const name = (await second.getAttribute('aria-label')) ?? '';
    assert.ok(name, 'a marker has an accessible name');
    assert.equal(await second.getAttribute('role'), 'button');
    await second.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('place-item').locator('.lx-item-title', { hasText: name }).waitFor();
    await shot(page, 'phone-n-places-map');
    await page.getByRole('radio', { name: '列表' }).check();
    await page.getByTestId('places-list').waitFor();
  });

  test('the nearest station: its facilities, hours, open now, managing unit', async () => {
    await page.getByTestId('place-item').first().click();
    await page.getByTestId('place-name').getByText(first.name).waitFor();
    const facts = page.getByTestId('place-facts');
    for (const f of first.attrs.facilities as string[]) await facts.getByText(f, { exact: true }).waitFor();
    if (typeof first.attrs.capacity === 'number') await facts.getByText(`${first.attrs.capacity} 人`).waitFor();
    const hours = (await page.getByTestId('place-hours').textContent()) ?? '';
    assert.ok(first.hours.kind === 'always' ? hours === '24小时开放' : hours.length > 0, hours);
    await page.getByTestId('open-state').first().getByText('正在开放').waitFor();
    await page
      .getByTestId('place-distance')
      .getByText(/距离 \d+ 米/)
      .waitFor();
    await shot(page, 'phone-o-place-detail');
  });

  test('an outdoor worker checks in (worker group only) and the month count moves', async () => {
    const before = (await json<{ checkins: { people: number }[] }>(`/api/places/${first.id}`)).checkins.reduce((n, c) => n + c.people, 0);
    await page
      .getByTestId('checkin-month')
      .getByText(`本月已有 ${before.toLocaleString('zh-CN')} 人次`)
      .waitFor();
    await page.getByTestId('checkin-submit').click();
    await page.getByText('请先选择您从事的工作').waitFor();
    await page.getByRole('radio', { name: '外卖骑手' }).check();
    await page.getByTestId('checkin-submit').click();
    await page.getByTestId('checkin-done').waitFor();
    await page
      .getByTestId('checkin-month')
      .getByText(`本月已有 ${(before + 1).toLocaleString('zh-CN')} 人次`)
      .waitFor();
    const after = await json<{ checkins: { group: string; people: number }[] }>(`/api/places/${first.id}`);
    assert.equal(
      after.checkins.reduce((n, c) => n + c.people, 0),
      before + 1,
    );
  });

  test('反映问题 about the station gives a number to follow, dispatched to its managing unit', async () => {
    await page.getByTestId('place-report-open').click();
    await page.getByRole('radio', { name: '设施损坏' }).check();
    await page.getByLabel('具体情况').fill('驿站的饮水机不出热水了，已经两天。');
    await page.getByLabel('匿名反映（不留姓名和电话）').check();
    await page.getByTestId('place-report-submit').click();
    const number = ((await page.getByTestId('place-report-number').textContent()) ?? '').trim();
    const code = ((await page.getByTestId('place-report-code').textContent()) ?? '').trim();
    assert.match(number, /^LX\d{12}$/);
    await shot(page, 'phone-p-place-report');
    const res = await fetch(`${BASE_URL}/api/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number, code }),
    });
    assert.equal(res.status, 200);
    const tracked = (await res.json()) as { request: { title: string; status: string } };
    assert.match(tracked.request.title, new RegExp(first.name.replace(/[()（）]/g, '.')));
    assert.equal(tracked.request.status, 'dispatched');
    // the follow-up link works
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByTestId('plain-status').waitFor();
    assert.deepEqual(errors, []);
  });
});

describe('without the phone’s position', () => {
  test('refused geolocation falls back to the district centre; a chosen community sorts from there', async () => {
    const ctx = await phoneContext(browser); // no permission: the phone says no
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/places?type=toilet');
    await page.getByTestId('origin').getByText('离石区中心').waitFor();
    await page.getByTestId('near-me').click();
    await page.getByText('无法获取您的位置').waitFor();
    await page.getByLabel('从哪里算距离').selectOption({ label: '交通路社区居委会' });
    await page.getByTestId('origin').getByText('交通路社区').waitFor();
    // 现在开放 off: every toilet, open or not
    await page.getByTestId('open-only').uncheck();
    const all = (await json<{ total: number }>('/api/places?type=toilet&pageSize=1')).total;
    await page.getByTestId('place-item').first().waitFor();
    const rows = await listed(page);
    assert.equal(rows.length, Math.min(10, all));
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.distance <= rows[i]!.distance);

    // keyboard: the type buttons are one radio group; an arrow key picks the next type
    await page.getByRole('radio', { name: '共享厕所' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('radio', { name: '错时停车' }).isChecked(), true);
    await page.waitForURL(/type=parking/);
    await page
      .getByTestId('place-item')
      .first()
      .getByText(/开放车位/)
      .waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('English and the large-font mode on the map page', async () => {
    const ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    await page.goto('/places?type=canteen&open=0');
    await page.getByTestId('elder-toggle').click();
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Services map', level: 1 }).waitFor();
    await page.getByTestId('place-item').first().waitFor();
    await page
      .getByText(/Open now|Closed now/)
      .first()
      .waitFor();
    await shot(page, 'phone-q-places-english-elder');
    await ctx.close();
  });
});

/** An .xlsx in the import sheet's columns. */
async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('场所');
  ws.addRow([
    '名称',
    '类型',
    '纬度',
    '经度',
    '地址',
    '社区编码',
    '管理单位',
    '联系人',
    '联系电话',
    '开放时间',
    '公开',
    '状态',
    '设施',
    '无障碍',
  ]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('the desk imports places (dry run first)', () => {
  test('bad rows are listed with their row numbers, nothing is written; a clean file imports', async () => {
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const total = async () => (await json<{ total: number }>('/api/places/manage?pageSize=1', ctx)).total;
    const ours = async () => (await json<{ total: number }>(`/api/places/manage?pageSize=1&q=${encodeURIComponent('E2E导入')}`, ctx)).total;
    const before = await total();
    assert.equal(await ours(), 0);

    await page.goto('/desk/places');
    await page.getByRole('tab', { name: '导入导出' }).click();
    await page.getByRole('heading', { name: '导入场所' }).waitFor();
    const bad = await sheet([
      [
        'E2E导入驿站甲',
        '爱心驿站',
        37.5101,
        111.1302,
        '交通路 1 号',
        '',
        '区总工会',
        '',
        '0358-8220000',
        '24小时',
        '是',
        'active',
        '饮水、休息、充电',
        '',
      ], // row 2: fine
      ['', '爱心驿站', 37.511, 111.131, '没有名字', '', '', '', '', '每天 06:30-22:00', '是', 'active', '饮水', ''], // row 3: no name
      ['E2E导入北京驿站', '爱心驿站', 39.9042, 116.4074, '北京', '', '', '', '', '24小时', '是', 'active', '', ''], // row 4: outside
      ['E2E导入加油站', '加油站', 37.512, 111.132, '', '', '', '', '', '24小时', '是', 'active', '', ''], // row 5: unknown type
    ]);
    await page.locator('input[type=file]').setInputFiles({ name: '场所-有错.xlsx', mimeType: XLSX, buffer: bad });
    await page.getByTestId('import-summary').getByText('共 4 行，1 行无误，发现 3 处问题').waitFor();
    const table = page.getByTestId('import-errors');
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    assert.deepEqual(
      rows.map((r) => [r[0], r[1]]),
      [
        ['3', '名称'],
        ['4', '坐标'],
        ['5', '类型'],
      ],
    );
    assert.match(rows[0]![2]!, /缺少名称/);
    assert.match(rows[1]![2]!, /不在本区范围/);
    assert.match(rows[2]![2]!, /加油站/);
    assert.equal(await page.getByTestId('import-submit').isDisabled(), true, 'no import while the dry run has problems');
    await shot(page, 'desk-i-places-import-dryrun');
    assert.equal(await total(), before, 'the dry run wrote nothing');
    assert.equal(await ours(), 0);

    const clean = await sheet([
      [
        'E2E导入驿站甲',
        '爱心驿站',
        37.5101,
        111.1302,
        '交通路 1 号',
        '',
        '区总工会',
        '',
        '0358-8220000',
        '24小时',
        '是',
        'active',
        '饮水、休息、充电',
        '',
      ],
      [
        'E2E导入共享厕所乙',
        '共享厕所',
        37.5105,
        111.1295,
        '交通路 3 号',
        '',
        '区城管局',
        '',
        '',
        '错时 08:00-18:00',
        '是',
        'active',
        '',
        '是',
      ],
    ]);
    await page.locator('input[type=file]').setInputFiles({ name: '场所.xlsx', mimeType: XLSX, buffer: clean });
    await page.getByTestId('import-summary').getByText('检查通过：2 行全部无误，可以导入。').waitFor();
    assert.equal(await page.getByTestId('import-errors').count(), 0);
    const button = page.getByTestId('import-submit');
    assert.equal(await button.isEnabled(), true);
    assert.match((await button.textContent()) ?? '', /导入 2 个场所/);
    await button.click();
    await page.getByTestId('import-done').getByText('已导入 2 个场所').waitFor();
    await shot(page, 'desk-j-places-import-done');
    assert.equal(await total(), before + 2);
    assert.equal(await ours(), 2);

    // residents find the new station at once, nearest to where it is
    const near = await json<{ items: ApiPlace[] }>('/api/places/nearest?lat=37.5101&lng=111.1302&type=station&limit=1');
    assert.equal(near.items[0]?.name, 'E2E导入驿站甲');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});

describe('the desk manages places', () => {
  test('add a 共享厕所 with its own fields and weekly hours through the form; post an event at a station', async () => {
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/desk/places');
    await page.getByTestId('place-row-name').first().waitFor();
    await page.getByTestId('place-add').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('place-type').click();
    await page.locator('.ant-select-item-option', { hasText: '共享厕所' }).click();
    await drawer.getByTestId('attr-accessible').waitFor();
    await drawer.getByLabel('名称').fill('E2E表单共享厕所');
    await drawer.getByLabel('地址').fill('交通路 5 号');
    await drawer.getByTestId('place-lat').fill('37.5093');
    await drawer.getByTestId('place-lng').fill('111.1311');
    await drawer.getByText('按星期', { exact: true }).click();
    await drawer.getByTestId('hours-day-0').fill('7:00-12:00, 14:00-21:00');
    await drawer.getByRole('button', { name: '把周一复制到每天' }).click();
    await drawer.getByTestId('attr-accessible').click();
    await shot(page, 'desk-k-place-form', false);
    await drawer.getByTestId('place-save').click();
    await page.getByText('已保存').waitFor();

    const found = await json<{ items: (ApiPlace & { hours: { kind: string; week?: string[][][] } })[] }>(
      `/api/places/manage?q=${encodeURIComponent('E2E表单')}`,
      ctx,
    );
    assert.equal(found.items.length, 1);
    const p = found.items[0]!;
    assert.equal(p.attrs.accessible, true);
    assert.equal(p.hours.kind, 'weekly');
    assert.deepEqual(p.hours.week?.[6], [
      ['07:00', '12:00'],
      ['14:00', '21:00'],
    ]);

    // edit a canteen whose contact is a personal mobile: masked in the list, kept as it is on save
    const canteen = (
      await json<{ items: (ApiPlace & { contact: { phone: string; phoneMasked: boolean } })[] }>(
        `/api/places/manage?q=${encodeURIComponent('东关便民餐厅')}`,
        ctx,
      )
    ).items[0]!;
    assert.equal(canteen.contact.phoneMasked, true, 'the desk list masks personal mobiles');
    const stored = await json<{ contact: { phone: string } }>(`/api/places/${canteen.id}`, ctx);
    assert.match(stored.contact.phone, /^1\d{10}$/);
    await page.getByTestId('places-search').locator('input').fill('东关便民餐厅');
    await page.getByTestId('places-search').locator('input').press('Enter');
    await page.getByTestId('place-row-name').filter({ hasText: '东关便民餐厅' }).click();
    await drawer.getByTestId('attr-menuToday').fill('E2E 今日：小米粥、油糕');
    assert.equal(await drawer.getByLabel('联系电话').inputValue(), stored.contact.phone, 'the form edits the stored number');
    await drawer.getByTestId('place-save').click();
    await page.getByText('已保存').first().waitFor();
    const edited = await json<{ attrs: Record<string, unknown>; contact: { phone: string } }>(`/api/places/${canteen.id}`, ctx);
    assert.equal(edited.attrs.menuToday, 'E2E 今日：小米粥、油糕');
    assert.equal(edited.contact.phone, stored.contact.phone);

    // an event at the first station of the list
    await page.getByTestId('places-search').locator('input').fill('交通路爱心驿站');
    await page.getByTestId('places-search').locator('input').press('Enter');
    await page.getByTestId('place-row-name').filter({ hasText: '交通路爱心驿站' }).waitFor();
    await page.getByText('共 1 处').waitFor();
    const station = ((await page.getByTestId('place-row-name').first().textContent()) ?? '').trim();
    assert.match(station, /^交通路爱心驿站/);
    await page.getByRole('button', { name: `活动 ${station}` }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: `${station} 的活动` });
    await modal.getByLabel('活动名称').waitFor();
    await modal.getByLabel('活动名称').fill('E2E 夏季防暑讲座');
    await modal.getByLabel('主办').fill('区总工会');
    const start = new Date(Date.now() + 3 * 86_400_000);
    const day = start.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await modal.locator('.ant-picker-input input').first().click();
    await modal.locator('.ant-picker-input input').first().fill(`${day} 09:00`);
    await modal.locator('.ant-picker-input input').first().press('Enter');
    await modal.locator('.ant-picker-input input').nth(1).fill(`${day} 10:30`);
    await modal.locator('.ant-picker-input input').nth(1).press('Enter');
    await modal.getByRole('button', { name: '发布活动' }).click();
    await page.getByText('活动已发布').waitFor();
    await modal.getByText('E2E 夏季防暑讲座').waitFor();
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
