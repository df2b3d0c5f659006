/**
 * The report form's extra questions (道路破损 asks for the type of damage) and 公开位置; the
 * answers on the desk's request page; the attribute editor in the categories tab; the public
 * Open311 feed shows the coarsened or exact place as the reporter chose.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { BASE_URL, deskContext, launch, phoneContext, SCREENSHOTS, shot, signIn, watchErrors } from '../lib/browser.js';
import { GRID_1 } from '../lib/flow.js';

declare const document: any; // in page.evaluate callbacks (run in the browser)

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const filed: { number?: string; typed: string } = { typed: '交通路88号院3号楼下' };

describe('Open311 attributes and 公开位置 in the web app', () => {
  test('a resident answers the category’s required question and chooses 公开位置 on a phone', async () => {
    const grid = (await (await fetch(`${BASE_URL}/api/units?kind=grid`)).json()) as {
      items: { id: string; location: { lat: number; lng: number } }[];
    };
    const here = grid.items.find((g) => g.id === GRID_1)!.location;
    const ctx = await phoneContext(browser, { geolocation: { latitude: here.lat, longitude: here.lng }, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/report');
    await page.getByRole('radio', { name: '道路破损' }).check({ force: true });
    await page.getByTestId('attribute-fields').getByText('损坏类型').waitFor();
    await page.getByLabel('具体情况').fill('小区门口路面塌了一个坑，电动车容易摔倒。');
    await page.getByTestId('use-gps').click();
    await page
      .getByTestId('picked-point')
      .getByText(/已选位置/)
      .waitFor();
    await page.getByLabel('详细地址').fill(filed.typed);
    await page.getByLabel('手机号').fill('13935866666');
    // Without the required answer the form says so before sending.
    await page.getByTestId('report-submit').click();
    await page.getByText('请回答这一项').waitFor();
    await page.getByRole('radio', { name: '坑槽' }).check({ force: true });
    await page.getByTestId('public-location').check();
    await shot(page, 'phone-60-report-attributes');
    // Close-ups of the two new parts of the form.
    await page.getByTestId('attribute-fields').screenshot({ path: path.join(SCREENSHOTS, 'phone-60-attribute-fields.png') });
    await page
      .getByTestId('public-location')
      .locator('xpath=..')
      .screenshot({ path: path.join(SCREENSHOTS, 'phone-60-public-location.png') });
    await page.getByTestId('report-submit').click();
    filed.number = ((await page.getByTestId('request-number').textContent()) ?? '').trim();
    assert.match(filed.number, /^LX\d{12}$/);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the desk shows the answers and the choice; the categories tab edits the questions', async () => {
    assert.ok(filed.number);
    const ctx = await deskContext(browser);
    await signIn(ctx, 'admin');
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const r = await ctx.request.get(`/api/requests/${filed.number}`);
    const detail = (await r.json()) as { request: { id: string; attributes: Record<string, string>; publicLocation: boolean } };
    assert.deepEqual(detail.request.attributes, { damage_type: 'pothole' });
    assert.equal(detail.request.publicLocation, true);
    await page.goto(`/desk/r/${detail.request.id}`);
    await page.getByTestId('attribute-answers').getByText('坑槽').waitFor();
    await shot(page, 'desk-60-request-attributes');

    await page.goto('/desk/admin/categories');
    await page.getByRole('button', { name: '编辑 道路破损' }).click();
    const editor = page.getByTestId('attribute-editor');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="attribute-editor"] input')].some((i: { value: string }) => i.value === '损坏类型'),
    );
    await editor.scrollIntoViewIfNeeded();
    await shot(page, 'desk-60-category-attributes', false);
    // Saving unchanged round-trips the questions exactly (options edited as "key=名称=English" lines).
    const before = ((await (await ctx.request.get('/api/categories')).json()) as { items: { code: string; attributes: unknown }[] }).items;
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('已完成').first().waitFor();
    const after = ((await (await ctx.request.get('/api/categories')).json()) as { items: { code: string; attributes: unknown }[] }).items;
    const road = (xs: typeof before) => xs.find((c) => c.code === 'road_damage')?.attributes;
    assert.deepEqual(road(after), road(before));
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('the public feed keeps the choice: exact point when 公开位置, well-formed XML', async () => {
    const r = await fetch(`${BASE_URL}/open311/v2/requests/${filed.number}.xml`);
    const text = await r.text();
    assert.equal(r.status, 200);
    assert.equal(XMLValidator.validate(text), true);
    const one = new XMLParser({ parseTagValue: false }).parse(text).service_requests.request;
    assert.equal(one.service_code, 'road_damage');
    // Chosen public: more than three decimals survive.
    assert.match(String(one.lat), /\.\d{4,}/);
  });
});
