/**
 * The request pages as their users meet them: nothing private in any URL or browser storage
 * (tracking by POST and a short-lived token), no console error on anonymous pages, the English
 * timeline, the rating form, the grid worker taking a community-level request to 办结, the demo
 * grid worker's waiting work, the Excel export, and the 代录 form written for staff.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, deskContext, launch, PASSWORD, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';
import { JIAOTONGLU } from '../lib/flow.js';

declare const document: any; // in page.evaluate callbacks (run in the browser)
declare const localStorage: any; // in page.evaluate callbacks (run in the browser)
declare const sessionStorage: any; // in page.evaluate callbacks (run in the browser)

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const r = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text) as T;
}
const login = async (username: string) => (await api<{ token: string }>('POST', '/api/auth/login', { username, password: PASSWORD })).token;

/** A request filed without an account and taken to 已办结 by the demo grid worker (for the rating and timeline pages). */
async function resolvedRequest(phone: string): Promise<string> {
  const r = await api('POST', '/api/requests', {
    categoryCode: 'city_appearance',
    description: '单元门口的垃圾桶坏了，垃圾散落一地。',
    communityCode: JIAOTONGLU,
    reporterPhone: phone,
  });
  const grid = await login('grid');
  for (const body of [{ action: 'sign' }, { action: 'contact', note: '已电话联系' }, { action: 'resolve', reply: '已更换新的垃圾桶。' }])
    await api('POST', `/api/requests/${r.id}/actions`, body, grid);
  return r.number as string;
}

/** Every URL the page asks for or goes to, and what it keeps in storage. */
function recordUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  return urls;
}
const storage = (page: Page) =>
  page.evaluate(() => {
    const all: string[] = [];
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) all.push(`${s.key(i)}=${s.getItem(s.key(i))}`);
    return all.join('\n');
  });

describe('nothing private in a URL or in the browser', () => {
  test('report with a phone → confirmation → track → home list → track again: the phone is never in a URL or storage', async () => {
    const phone = '13912340001';
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const urls = recordUrls(page);
    const photo = await (async () => {
      await page.goto('/');
      return page.screenshot({ type: 'jpeg', quality: 60 });
    })();
    await page.goto('/report');
    await page.getByRole('radio', { name: '市容环境' }).check({ force: true });
    await page.getByLabel('具体情况').fill('楼下绿化带里堆着建筑垃圾，已经一个星期了。');
    await page.getByTestId('report-photos').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.lx-thumb img').first().waitFor();
    // Leaving the map before it settled throws in Leaflet (web/src/map, reported separately): let it settle.
    await page.locator('.leaflet-container').waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('radio', { name: '选择所在社区' }).check({ force: true });
    await page.locator('select[name="community"]').selectOption(JIAOTONGLU);
    await page.getByLabel('手机号').fill(phone);
    await page.waitForFunction(() => !document.querySelector('[data-testid="report-submit"]')?.hasAttribute('disabled'));
    await page.getByTestId('report-submit').click();
    const number = ((await page.getByTestId('request-number').textContent()) ?? '').trim();
    assert.match(number, /^LX\d{12}$/);

    // The confirmation's link opens the request at once (the proof went in memory, the phone in a POST body).
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByTestId('plain-status').waitFor();
    await page.locator('.lx-photo-list.is-view img').first().waitFor();
    assert.ok(
      await page
        .locator('.lx-photo-list.is-view img')
        .first()
        .evaluate((img: any) => img.complete && img.naturalWidth > 0),
      'the photo is shown (fetched with the access token)',
    );
    await shot(page, 'phone-60-track-after-report');

    // The home page remembers the number only, and asks for the phone again.
    await page.goto('/');
    const recent = page.locator('section[aria-labelledby="recent"]');
    await recent.getByText(number).waitFor();
    await shot(page, 'phone-61-home-recent');
    await recent.getByText(number).click();
    await page.getByLabel('诉求编号').waitFor();
    assert.equal(await page.getByLabel('诉求编号').inputValue(), number);
    assert.equal(await page.getByLabel('手机号或查询码').inputValue(), '', 'the phone is asked for again');
    await page.getByLabel('手机号或查询码').fill(phone);
    await page.getByTestId('track-find').click();
    await page.getByTestId('plain-status').waitFor();

    const visited = urls.join('\n');
    assert.ok(
      urls.some((u) => u.includes('/api/uploads/') && u.includes('access=')),
      'photos are fetched with the token',
    );
    assert.ok(!visited.includes(phone), `a URL holds the phone:\n${urls.filter((u) => u.includes(phone)).join('\n')}`);
    assert.ok(!visited.includes('phone='));
    const kept = await storage(page);
    assert.ok(kept.includes(number), 'the number is remembered');
    assert.ok(!kept.includes(phone), `storage holds the phone: ${kept}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('an anonymous report: its tracking code is in no URL and no storage either', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const urls = recordUrls(page);
    await page.goto('/report');
    await page.getByRole('radio', { name: '市容环境' }).check({ force: true });
    await page.getByLabel('具体情况').fill('小区门口的路灯坏了，晚上很黑。');
    await page.getByRole('radio', { name: '选择所在社区' }).check({ force: true });
    await page.locator('select[name="community"]').selectOption(JIAOTONGLU);
    await page.getByLabel('匿名反映（不留姓名和电话）').check();
    await page.getByTestId('report-submit').click();
    const code = ((await page.getByTestId('track-code').textContent()) ?? '').trim();
    assert.match(code, /^[0-9A-F]{8}$/);
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByTestId('plain-status').waitFor();
    const visited = urls.join('\n');
    assert.ok(!visited.toUpperCase().includes(code), `a URL holds the code:\n${visited}`);
    assert.ok(!(await storage(page)).toUpperCase().includes(code));
    await ctx.close();
  });

  test('anonymous pages log no console error (GET /api/auth/me answers user: null)', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    for (const path of ['/', '/report', '/track', '/places']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    assert.deepEqual(consoleErrors, []);
    await ctx.close();
  });
});

describe('the track page', () => {
  test('the rating form drops 请选择满意程度 once a choice is made', async () => {
    const phone = '13912340002';
    const number = await resolvedRequest(phone);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto('/track');
    await page.getByLabel('诉求编号').fill(number);
    await page.getByLabel('手机号或查询码').fill(phone);
    await page.getByTestId('track-find').click();
    await page.getByRole('button', { name: '提交评价' }).click();
    const err = page.getByTestId('rate-form').getByText('请选择满意程度');
    await err.waitFor();
    await page.getByRole('radio', { name: '基本满意', exact: true }).check({ force: true });
    await err.waitFor({ state: 'detached' });
    await shot(page, 'phone-62-track-rate-chosen');
    await ctx.close();
  });

  test('a resident without an account turns the texts about their request off, and the page remembers it', async () => {
    const phone = '13912340009';
    const number = await resolvedRequest(phone);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto('/track');
    await page.getByLabel('诉求编号').fill(number);
    await page.getByLabel('手机号或查询码').fill(phone);
    await page.getByTestId('track-find').click();
    const sms = page.getByTestId('track-sms').getByRole('checkbox');
    await sms.waitFor();
    assert.equal(await sms.isChecked(), true);
    // The box follows the server's answer (a controlled input): click, then wait for the new state.
    await sms.click();
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('[data-testid="track-sms"] input')?.checked);
    await shot(page, 'phone-62-track-sms-off');
    // Asked again from scratch: still off.
    await page.goto('/track');
    await page.getByLabel('诉求编号').fill(number);
    await page.getByLabel('手机号或查询码').fill(phone);
    await page.getByTestId('track-find').click();
    await page.getByTestId('track-sms').waitFor();
    assert.equal(await page.getByTestId('track-sms').getByRole('checkbox').isChecked(), false);
    await ctx.close();
  });

  test('in English the timeline names actors in English and dates read "1 Dec 2026 22:36"', async () => {
    const phone = '13912340003';
    const number = await resolvedRequest(phone);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto('/track');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Track a request' }).waitFor();
    await page.locator('input[name="number"]').fill(number);
    await page.locator('input[name="secret"]').fill(phone);
    await page.getByTestId('track-find').click();
    await page.locator('.lx-tl-who').first().waitFor();
    const who = await page.locator('.lx-tl-who').allTextContents();
    assert.deepEqual(who, ['Resident', 'System (auto-dispatch)', 'Staff', 'Staff', 'Staff']);
    const times = await page.locator('.lx-timeline time').allTextContents();
    for (const t of times) assert.match(t, /^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$/);
    const timeline = (await page.locator('.lx-timeline').textContent()) ?? '';
    assert.doesNotMatch(
      timeline.replace(/已更换新的垃圾桶。|已电话联系/g, ''),
      /[\u4e00-\u9fff]/,
      'no Chinese besides the notes people wrote',
    );
    await shot(page, 'phone-63-track-english');
    await ctx.close();
  });
});

describe('the grid worker', () => {
  test('the demo grid worker starts with requests to sign and some in progress', async () => {
    const grid = await login('grid');
    const mine = await api<{ items: { status: string; gridCode: string | null; description: string }[] }>(
      'GET',
      '/api/requests?queue=mine&pageSize=100',
      undefined,
      grid,
    );
    const waiting = mine.items.filter((r) => r.status === 'dispatched');
    assert.ok(waiting.length >= 3, `requests to sign: ${waiting.length}`);
    assert.ok(
      waiting.some((r) => r.gridCode === null),
      'a community-level request among them',
    );
    assert.ok(mine.items.some((r) => r.status === 'signed' || r.status === 'in_progress'));
  });

  test('takes a community-level request from 我的待办 to 办结 on a phone', async () => {
    const created = await api('POST', '/api/requests', {
      categoryCode: 'city_appearance',
      description: '社区活动室门口堆放了很多旧家具，挡住了通道。',
      communityCode: JIAOTONGLU,
      reporterPhone: '13912340004',
    });
    assert.equal(created.gridCode, null);
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'grid');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/grid');
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    const item = page.locator(`a[data-number="${created.number}"]`);
    await item.waitFor();
    await item.click();
    await page.getByTestId('act-sign').click();
    await page.getByRole('status').getByText('签收').waitFor();
    await page.getByTestId('act-contact').click();
    await page.getByLabel('联系情况').fill('已电话联系，约好下午清理。');
    await page.getByTestId('submit-contact').click();
    await page.getByRole('status').getByText('联系群众').waitFor();
    await page.getByTestId('act-resolve').click();
    await page.getByLabel('回复群众').fill('旧家具已清走，通道已恢复畅通。');
    await page.getByTestId('submit-resolve').click();
    await page.getByRole('status').getByText('办结').waitFor();
    await page.locator('.lx-status.is-resolved').first().waitFor();
    await shot(page, 'phone-64-grid-community-resolved');
    const d = await api('GET', `/api/requests/${created.id}`, undefined, await login('admin'));
    assert.equal(d.request.status, 'resolved');
    assert.equal(d.request.handlerUnitId, `${JIAOTONGLU}-01`, 'the signer took it into their grid');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the desk records a follow-up rating (评价) with a comment, in the server’s words', async () => {
    const number = await resolvedRequest('13912340005');
    const admin = await login('admin');
    const found = await api('GET', `/api/requests?q=${number}`, undefined, admin);
    const id = found.items[0].id as string;
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`/desk/r/${id}`);
    const button = page.getByTestId('action-rate');
    await button.waitFor();
    assert.equal(((await button.textContent()) ?? '').replace(/\s/g, ''), '评价', 'the button says what the timeline says');
    await button.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('满意', { exact: true }).click();
    await dialog.getByRole('textbox').fill('回访电话：群众表示满意。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const d = await api('GET', `/api/requests/${id}`, undefined, admin);
    assert.equal(d.request.status, 'rated');
    assert.deepEqual(d.request.rating, {
      rating: 'satisfied',
      resolved: true,
      comment: '回访电话：群众表示满意。',
      at: d.request.rating.at,
    });
    assert.equal(d.timeline.at(-1).actionName.zh, '评价');
    await shot(page, 'desk-62-rated');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the 代录 form is written for staff: the caller, how they came, their place; no "my position"', async () => {
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'grid');
    const page = await ctx.newPage();
    await page.goto('/grid/proxy');
    await page.getByRole('heading', { name: '来电/来访群众' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    assert.doesNotMatch(text, /怎么联系您|使用我现在的位置/);
    assert.equal(await page.getByTestId('use-gps').count(), 0);
    await page.getByRole('radio', { name: '联络站接待' }).check({ force: true });
    await page.getByLabel('群众姓名').fill('王阿姨');
    await page.getByLabel('群众电话').fill('13912340005');
    await page.getByRole('radio', { name: '市容环境' }).check({ force: true });
    await page.getByLabel('具体情况').fill('群众来电反映，小区门口的垃圾桶已经满了两天。');
    await page.locator('select[name="community"]').selectOption(JIAOTONGLU);
    await shot(page, 'phone-65-grid-proxy-form');
    await page.getByTestId('report-submit').click();
    const number = ((await page.locator('.lx-bignum').textContent()) ?? '').trim();
    assert.match(number, /^LX\d{12}$/);
    const list = await api('GET', `/api/requests?q=${number}`, undefined, await login('admin'));
    assert.equal(list.items[0].channel, 'liaison');
    await ctx.close();
  });
});

describe('the command centre', () => {
  test('downloads the Excel export: Chinese labels, China-time date cells', async () => {
    const ctx = await deskContext(browser, { acceptDownloads: true });
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    await page.goto('/desk');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('诉求');
    assert.ok(ws && ws.rowCount > 1, 'rows exported');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const kinds = new Set<unknown>();
    const channels = new Set<unknown>();
    for (let i = 2; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      kinds.add(row.getCell(col('类型')).value);
      channels.add(row.getCell(col('渠道')).value);
      const at = row.getCell(col('受理时间'));
      assert.equal(at.type, ExcelJS.ValueType.Date, `row ${i} 受理时间 is a date cell`);
      assert.equal(at.numFmt, 'yyyy-mm-dd hh:mm');
    }
    for (const v of [...kinds, ...channels]) assert.match(String(v), /^[\u4e00-\u9fff]+$/, `a label in Chinese: ${v}`);
    // The first row's cell reads the China wall-clock time of its instant.
    const first = ws.getRow(2);
    const number = String(first.getCell(col('编号')).value);
    const d = await api('GET', `/api/requests/${number}`, undefined, await login('admin'));
    const wall = new Date(new Date(d.request.createdAt).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    assert.equal((first.getCell(col('受理时间')).value as Date).toISOString().slice(0, 16), wall);
    await shot(page, 'desk-60-board-export');
    await ctx.close();
  });
});
