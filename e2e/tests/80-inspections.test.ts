/**
 * 创城督查 end to end, in Chromium: an inspector walks an unannounced round on a phone and marks
 * a failure with a photo; the network goes mid-round and the next marks (one with a photo) wait
 * on the phone — through a closed tab — and arrive once when it is back; the order appears in
 * the responsible community's inbox, which answers with an after-photo; the re-check on the desk
 * (before and after side by side) closes it; the round's score and its 督查通报 (.docx, read back)
 * reflect the findings and the closed order. Pages are scanned with axe at phone and desk size.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { docxText } from '../../server/src/test/read-docs.js';
import { axeClean } from '../lib/a11y.js';
import { deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';
import { JIAOTONGLU } from '../lib/flow.js';

// in page.evaluate callbacks (run in the browser)
declare const document: { querySelector(s: string): { hasAttribute(a: string): boolean } | null };
declare const indexedDB: {
  open(name: string): {
    result: {
      objectStoreNames: { contains(s: string): boolean };
      transaction(s: string[]): { objectStore(s: string): { count(): { result: number } }; oncomplete: () => void };
    };
    onsuccess: () => void;
  };
};

/** 交通路社区 (WGS-84), where the inspector stands. */
const HERE = { latitude: 37.5099, longitude: 111.1299 };
const POINT_NAME = `交通路二巷（e2e ${Date.now().toString(36)}）`;

interface Item {
  id: string;
  title: string;
  weight: number;
  deductPerFinding: number | null;
}
interface EntryRow {
  itemId: string;
  result: string;
  photos: string[];
  location: { lat: number; lng: number } | null;
  orderId: string | null;
}
interface RoundDetail {
  id: string;
  version: number;
  status: string;
  points: {
    id: string;
    name: string;
    checklistId: string;
    entries: EntryRow[];
    score: { earned: number; possible: number; rate: number | null };
  }[];
  checklists: { id: string; items: Item[] }[];
}

let browser: Browser;
let desk: BrowserContext; // the inspector at the desk (API calls and the re-check)
const state: { roundId?: string; pointId?: string; items: Item[]; orderId?: string } = { items: [] };

before(async () => {
  browser = await launch();
  desk = await deskContext(browser);
  await signIn(desk, 'inspector');
});
after(async () => {
  await desk?.close();
  await browser?.close();
});

async function api<T>(
  ctx: BrowserContext,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const r = method === 'GET' ? await ctx.request.get(path) : await ctx.request.post(path, { data, headers });
  assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

const round = () => api<RoundDetail>(desk, 'GET', `/api/inspections/rounds/${state.roundId}`);
const pointOf = (r: RoundDetail) => r.points.find((p) => p.id === state.pointId)!;

/** Kept outbox rows (entries, photos) in the page's IndexedDB. */
const kept = (page: Page): Promise<{ entries: number; photos: number }> =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const r = indexedDB.open('lianxin-outbox');
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('photos')) return resolve({ entries: -1, photos: -1 });
          const t = db.transaction(['entries', 'photos']);
          const e = t.objectStore('entries').count();
          const p = t.objectStore('photos').count();
          t.oncomplete = () => resolve({ entries: e.result, photos: p.result });
        };
      }),
  );

async function photo(page: Page): Promise<Buffer> {
  return page.screenshot({ type: 'jpeg', quality: 60 });
}

async function failWithPhoto(page: Page, n: number, note: string) {
  const card = page.getByTestId('item-card');
  await card.getByTestId('mark-fail').click();
  await card.getByTestId('fail-photo').setInputFiles({ name: `fail-${n}.jpg`, mimeType: 'image/jpeg', buffer: await photo(page) });
  await card.locator('.lx-thumb img').first().waitFor();
  await card.getByLabel('问题说明').fill(note);
  await card.getByTestId('fail-save').click();
}

describe('创城督查: a round on a phone, rectified to the end', () => {
  test('the inspector walks the round on a phone: a failure with a photo, time and position', async () => {
    const admin = await deskContext(browser);
    await signIn(admin, 'admin');
    const point = await api<{ id: string }>(admin, 'POST', '/api/inspections/points', {
      name: POINT_NAME,
      type: 'back_street',
      unitId: JIAOTONGLU,
      communityCode: JIAOTONGLU,
      address: '交通路二巷',
    });
    await admin.close();
    state.pointId = point.id;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const made = await api<{ id: string }>(desk, 'POST', '/api/inspections/rounds', {
      title: `四不两直 e2e ${today}`,
      mode: 'unannounced',
      plannedFor: today,
      pointIds: [point.id],
      recheck: 'any',
    });
    state.roundId = made.id;

    const ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    await signIn(ctx, 'inspector');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/inspect');
    await page
      .getByTestId('round-item')
      .filter({ hasText: `四不两直 e2e ${today}` })
      .click();
    await page.getByTestId('round-start').click();
    await page.getByTestId('round-start').waitFor({ state: 'detached' });
    await shot(page, 'phone-inspect-round');
    await page.getByTestId('round-point').filter({ hasText: POINT_NAME }).click();
    await page.getByTestId('item-card').waitFor();

    const r = await round();
    state.items = r.checklists.find((c) => c.id === pointOf(r).checklistId)?.items ?? [];
    assert.ok(state.items.length >= 4, 'the default checklist for 背街小巷 has items');

    await failWithPhoto(page, 0, '垃圾桶未分类、未清洗');
    await page.getByTestId('item-state-0').getByText('不合格').waitFor();
    await page.getByTestId('mark-pass').click();
    await page.getByTestId('item-state-1').getByText('合格').waitFor();
    await shot(page, 'phone-inspect-walk');
    await axeClean(page, 'phone inspect walk');
    // 大字模式 on the walk (it stays on for the rest of the round)
    await page.getByTestId('elder-toggle').click();
    await page.waitForFunction(() =>
      (
        globalThis as unknown as { document: { documentElement: { classList: { contains(c: string): boolean } } } }
      ).document.documentElement.classList.contains('elder'),
    );
    await shot(page, 'phone-inspect-walk-elder', false);
    await axeClean(page, 'phone inspect walk, large text');

    const p = pointOf(await round());
    const first = p.entries.find((e) => e.itemId === state.items[0]!.id);
    assert.equal(first?.result, 'fail');
    assert.equal(first?.photos.length, 1);
    assert.ok(first?.location && Math.abs(first.location.lat - HERE.latitude) < 0.001, 'the position is recorded');
    assert.ok(first?.orderId, 'the failure opened an order');
    state.orderId = first.orderId;
    assert.deepEqual(errors, []);

    // ── the network goes mid-round ──────────────────────────────────────────────────────────
    await ctx.setOffline(true);
    await failWithPhoto(page, 2, '电动车飞线充电');
    await page.getByTestId('mark-kept').waitFor();
    await page.getByTestId('mark-pass').click();
    await page.getByTestId('item-state-3').getByText('待发送').waitFor();
    await page.getByTestId('outbox-pending').getByText('2 条待发送').waitFor();
    await page.getByTestId('outbox-photos').getByText('1 张照片').waitFor();
    await shot(page, 'phone-inspect-offline');
    assert.deepEqual(await kept(page), { entries: 2, photos: 1 });
    assert.equal(pointOf(await round()).entries.length, 2, 'nothing of it reached the server');

    // The tab is closed while offline; the entries and the photo stay on the phone.
    await page.close();
    await ctx.setOffline(false);
    const again = await ctx.newPage();
    const errors2 = watchErrors(again);
    await again.goto(`/inspect/${state.roundId}`);
    await again.getByTestId('outbox-sent').nth(1).waitFor({ timeout: 30_000 });
    await again.getByTestId('outbox-pending').waitFor({ state: 'detached' });
    assert.deepEqual(await kept(again), { entries: 0, photos: 0 });
    await shot(again, 'phone-inspect-sent');

    const sent = pointOf(await round());
    assert.equal(sent.entries.length, 4);
    const offlineFail = sent.entries.find((e) => e.itemId === state.items[2]!.id);
    assert.equal(offlineFail?.result, 'fail');
    assert.equal(offlineFail?.photos.length, 1, 'the photo taken offline arrived, once');
    const img = await desk.request.get(`/api/uploads/${offlineFail?.photos[0]}`);
    assert.equal(img.status(), 200);
    assert.equal(sent.entries.find((e) => e.itemId === state.items[3]!.id)?.result, 'pass');

    // Another page load sends nothing again.
    await again.reload();
    await again.getByTestId('round-point').first().waitFor();
    assert.equal(pointOf(await round()).entries.length, 4);
    const orders = await api<{ items: { id: string; itemCode: string | null }[] }>(
      desk,
      'GET',
      `/api/rectification/orders?roundId=${state.roundId}`,
    );
    assert.equal(orders.items.length, 2, 'one order per failure');
    assert.deepEqual(errors2, []);
    await ctx.close();

    // The rest of the checklist passes (marked through the API: the phone's part is proven above).
    for (const item of state.items.slice(4))
      await api(
        desk,
        'POST',
        `/api/inspections/rounds/${state.roundId}/entries`,
        { pointId: state.pointId, itemId: item.id, result: 'pass', takenAt: new Date().toISOString() },
        { 'Idempotency-Key': crypto.randomUUID() },
      );
  });

  test('the order appears in the community’s inbox and is answered with an after-photo', async () => {
    assert.ok(state.orderId);
    const ctx = await phoneContext(browser);
    await signIn(ctx, 'jiaotonglu');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/rectify');
    const item = page.locator(`a[data-order="${state.orderId}"]`);
    await item.waitFor();
    assert.ok(((await item.textContent()) ?? '').includes(POINT_NAME), 'the inbox names the point');
    await shot(page, 'phone-rectify-inbox');
    await axeClean(page, 'phone rectify inbox');
    await item.click();
    await page.getByTestId('order-words').fill('已对垃圾桶分类标识并清洗，安排保洁员每日巡查。');
    await page.getByTestId('order-photo').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await photo(page) });
    await page.waitForFunction(() => !document.querySelector('[data-testid="order-submit"]')?.hasAttribute('disabled'));
    await page.getByTestId('order-submit').click();
    await page.getByTestId('order-status').getByText('待复核').waitFor();
    await shot(page, 'phone-rectify-answered');
    // in English: the feature's own strings and the server's words for the state
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByTestId('order-status').getByText('To re-check').waitFor();
    await shot(page, 'phone-rectify-answered-en', false);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the re-check on the desk, before and after side by side, closes it', async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`/desk/inspections/orders?open=${state.orderId}`);
    const drawer = page.locator('.lx-desk-order');
    await drawer.locator('.lx-before-after img').nth(1).waitFor();
    await drawer.getByTestId('order-action-pass').click(); // waits for the drawer to stop sliding in
    await drawer.getByTestId('order-submit').waitFor();
    await shot(page, 'desk-inspect-recheck', false);
    await drawer.getByTestId('order-submit').click();
    await drawer.getByTestId('order-status').getByText('已销号').waitFor();
    await axeClean(page, 'desk orders');
    const o = await api<{ status: string; closedOnTime: boolean | null }>(desk, 'GET', `/api/rectification/orders/${state.orderId}`);
    assert.equal(o.status, 'closed');
    assert.equal(o.closedOnTime, true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the score and the 督查通报 reflect the findings and the closed order', async () => {
    const r0 = await round();
    await api(desk, 'POST', `/api/inspections/rounds/${state.roundId}/actions`, { action: 'finish', version: r0.version });
    const p = pointOf(await round());
    const lost = [state.items[0]!, state.items[2]!].reduce(
      (n, i) => n + (i.deductPerFinding === null ? i.weight : Math.min(i.weight, i.deductPerFinding)),
      0,
    );
    const possible = state.items.reduce((n, i) => n + i.weight, 0);
    assert.equal(p.score.possible, possible);
    assert.equal(p.score.earned, possible - lost);

    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`/desk/inspections/rounds/${state.roundId}`);
    await page.getByTestId('round-status').getByText('已结束').waitFor();
    // as the page writes a percentage: at most one decimal ("83.3%")
    const rate = `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format((p.score.earned / p.score.possible) * 100)}%`;
    await page.getByTestId('round-rate').getByText(rate, { exact: true }).waitFor();
    await page.locator('.lx-chart canvas').first().waitFor();
    await shot(page, 'desk-inspect-round');
    await axeClean(page, 'desk round');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-docx').click()]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const { text, media } = await docxText(await readFile(file));
    assert.match(text, /督查通报/);
    assert.ok(text.includes(POINT_NAME), 'the report names the point');
    assert.ok(text.includes(state.items[0]!.title) && text.includes(state.items[2]!.title), 'and both findings');
    assert.ok(text.includes('已销号'), 'and the closed order');
    assert.ok(media.length >= 2, 'with the findings’ photos');

    // the checklists with their versions (the default set ships as version 1)
    await page.goto('/desk/inspections/checklists');
    await page.getByRole('cell', { name: '背街小巷' }).first().waitFor();
    await shot(page, 'desk-inspect-checklists');
    await axeClean(page, 'desk checklists');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the desk plans a 四不两直 round with points drawn at random, two per type', async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto('/desk/inspections');
    await page.getByTestId('round-new').click();
    const title = `抽查 e2e ${Date.now().toString(36)}`;
    await page.getByTestId('round-title').fill(title);
    await page.getByRole('spinbutton', { name: '背街小巷' }).fill('2');
    await page.getByTestId('round-draw').click();
    await page.getByTestId('round-save').getByText('创建督查（2 个点位）').waitFor();
    await shot(page, 'desk-inspect-new-round', false);
    await axeClean(page, 'desk new round');
    await page.getByTestId('round-save').click();
    await page.getByRole('link', { name: title }).waitFor();
    const rounds = await api<{ items: { title: string; mode: string; pointCount: number; sampleSeed: number | null }[] }>(
      desk,
      'GET',
      '/api/inspections/rounds',
    );
    const made = rounds.items.find((r) => r.title === title);
    assert.equal(made?.mode, 'unannounced');
    assert.equal(made?.pointCount, 2);
    assert.notEqual(made?.sampleSeed, null, 'the seed is kept with the round');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the admin imports a checklist from Excel: the dry run names the bad cell, a clean file becomes a new version', async () => {
    const admin = await deskContext(browser);
    await signIn(admin, 'admin');
    const page = await admin.newPage();
    const errors = watchErrors(page);
    const sheet = async (weight: string | number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('检查清单');
      ws.addRow(['编码', '分组', '检查项', '不合格情形', '分值', '每处扣分', '责任主体', '职能部门编码', '整改时限', '时限单位']);
      ws.addRow(['toilet-clean', '公共环境', '厕所保洁及时', '地面积水、有异味', weight, '', '点位单位', '', 24, '小时']);
      ws.addRow(['toilet-sign', '公共设施', '标识清晰', '无标识或标识破损', 5, '', '社区', '', 3, '工作日']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const versions = async () =>
      (await api<{ items: { pointType: string; version: number }[] }>(admin, 'GET', '/api/inspections/checklists?pointType=toilet&all=1'))
        .items.length;
    const before = await versions();

    await page.goto('/desk/inspections/checklists');
    await page.getByText('从 Excel 导入清单（新版本）').waitFor();
    await page.getByRole('combobox', { name: '点位类型' }).click();
    await page.getByTitle('公厕').click();
    await page.getByTestId('checklist-upload').setInputFiles({ name: '清单-有错.xlsx', mimeType: XLSX, buffer: await sheet('很多') });
    await page
      .getByTestId('checklist-dry')
      .getByText(/发现 \d+ 处问题/)
      .waitFor();
    await page.getByRole('cell', { name: '2', exact: true }).first().waitFor(); // the bad cell's row
    await shot(page, 'desk-inspect-import-dryrun');
    await axeClean(page, 'desk checklist import');
    assert.equal(await versions(), before, 'nothing written by a dry run');

    await page.getByTestId('checklist-upload').setInputFiles({ name: '清单.xlsx', mimeType: XLSX, buffer: await sheet(10) });
    await page.getByTestId('checklist-dry').getByText('试导入通过：2 行，可以导入').waitFor();
    await page.getByRole('button', { name: '导入为新版本' }).click();
    await page.getByText(/已导入为第 \d+ 版/).waitFor();
    assert.equal(await versions(), before + 1);
    assert.deepEqual(errors, []);
    await admin.close();
  });
  test('the admin edits a checklist by hand: the saved items become the point type’s new current version', async () => {
    const admin = await deskContext(browser);
    await signIn(admin, 'admin');
    const page = await admin.newPage();
    const errors = watchErrors(page);
    type Version = { id: string; name: string; version: number; current: boolean; itemCount: number };
    const current = async () =>
      (await api<{ items: Version[] }>(admin, 'GET', '/api/inspections/checklists?pointType=toilet&all=1')).items.find((c) => c.current);
    const before = await current();
    assert.ok(before, 'the 公厕 checklist has a current version');

    await page.goto('/desk/inspections/checklists');
    await page.getByRole('button', { name: before.name }).first().click();
    await page.getByTestId('checklist-edit').click();
    const editor = page.getByTestId('checklist-editor');
    await editor.waitFor();
    await page.getByRole('button', { name: '添加检查项' }).click();
    const last = editor.locator('.ant-card').last();
    await last.getByLabel('类别').fill('宣传氛围');
    await last.getByLabel('检查项').fill('文明提示牌完好');
    await last.getByLabel('不合格情形：').fill('提示牌缺失或破损');
    await shot(page, 'desk-inspect-checklist-edit');
    await axeClean(page, 'desk checklist editor');
    await page.getByTestId('checklist-save').click();
    await editor.waitFor({ state: 'detached' });

    const after = await current();
    assert.equal(after?.version, before.version + 1);
    assert.equal(after?.itemCount, before.itemCount + 1);
    const detail = await api<{ items: { code: string; title: string }[] }>(admin, 'GET', `/api/inspections/checklists/${after?.id}`);
    assert.ok(
      detail.items.some((i) => i.title === '文明提示牌完好' && /^item-\d+$/.test(i.code)),
      'the new item has its code',
    );
    assert.deepEqual(errors, []);
    await admin.close();
  });
});
