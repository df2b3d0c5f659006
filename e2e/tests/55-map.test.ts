/**
 * The map without tiles (the default): a resident can orient by the names of streets,
 * communities and grids; a chosen point is told in words, never as coordinates; on 便民地图 the
 * card of a tapped marker is on screen; a place hands itself to the phone's map apps (导航).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { BASE_URL, deskContext, launch, phoneContext, SCREENSHOTS, watchErrors } from '../lib/browser.js';

/** Near 交通路社区 (WGS-84), as in 50-places. */
const HERE = { latitude: 37.5099, longitude: 111.1299 };
const COORDINATES = /\d{2,3}\.\d{4}/;

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The screen as the person sees it now (lib's shot() scrolls to the top first). */
async function seen(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

const labels = (page: Page) => page.getByTestId('map-labels').locator('.lx-label').allTextContents();

/** The element's box lies within the viewport (what a person sees without scrolling). */
async function inViewport(el: Locator, page: Page): Promise<{ top: number; bottom: number; height: number }> {
  const box = await el.boundingBox();
  assert.ok(box, 'the element is rendered');
  const height = page.viewportSize()?.height ?? 0;
  return { top: box.y, bottom: box.y + box.height, height };
}

describe('the offline map on a phone', () => {
  test('report: the map names the streets, then the communities around the point; the point is told in words', async () => {
    const ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/report');
    await page.getByTestId('map-labels').waitFor({ state: 'attached' });
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.lx-label').length > 0);
    const far = await labels(page);
    assert.ok(far.includes('滨河街道'), `street names from afar: ${far.join(' ')}`);
    assert.ok(!far.some((l) => l.endsWith('网格')), 'no grid names at the district scale');

    await page.getByTestId('use-gps').click();
    const said = page.getByTestId('picked-point');
    await said.getByText('附近').waitFor();
    const text = (await said.textContent()) ?? '';
    assert.match(text, /^已选位置：.*交通路社区.*附近（滨河街道）$/, text);
    assert.doesNotMatch(text, COORDINATES, 'no coordinates');
    await page
      .waitForFunction(
        () => [...(globalThis as any).document.querySelectorAll('.lx-label')].some((e: any) => e.textContent === '交通路社区'),
        undefined,
        {
          timeout: 5000,
        },
      )
      .catch(async () => assert.fail(`交通路社区 not named near the point: ${(await labels(page)).join(' ')}`));
    const near = await labels(page);
    assert.ok(near.includes('交通路社区'), `the communities around the point are named: ${near.join(' ')}`);
    assert.ok(near.length >= 5, 'its neighbours too');
    await page.locator('.lx-map').evaluate((el: any) => el.scrollIntoView({ block: 'center' }));
    await seen(page, 'map-report-phone');

    // closer in, the grids are named too
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page
      .waitForFunction(() => [...(globalThis as any).document.querySelectorAll('.lx-label.is-grid')].length > 0, undefined, {
        timeout: 5000,
      })
      .catch(async () => assert.fail(`no grid named at zoom 15: ${(await labels(page)).join(' ')}`));
    assert.ok(
      (await labels(page)).some((l) => /^交通路社区第\d网格$/.test(l)),
      `交通路's grids named: ${(await labels(page)).join(' ')}`,
    );
    await seen(page, 'map-report-phone-grids');

    // a tap elsewhere on the map is told in words as well
    const map = page.locator('.lx-map');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width * 0.8, y: box.height * 0.3 } });
    await page.waitForFunction(
      (before: string) => (globalThis as any).document.querySelector('[data-testid=picked-point]')?.textContent !== before,
      text,
    );
    const other = (await said.textContent()) ?? '';
    assert.match(other, /^已选位置：.+(附近|公里)/, other);
    assert.doesNotMatch(other, COORDINATES);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('English: the point in English words around the Chinese names', async () => {
    const ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'], locale: 'en-US' });
    const page = await ctx.newPage();
    await page.addInitScript(() => (globalThis as any).localStorage.setItem('lx.prefs', JSON.stringify({ lang: 'en' })));
    await page.goto('/report');
    await page.getByTestId('use-gps').click();
    await page.getByTestId('picked-point').getByText('near').waitFor();
    const text = (await page.getByTestId('picked-point').textContent()) ?? '';
    assert.match(text, /^Chosen: near .*交通路社区.*, 滨河街道$/, text);
    await ctx.close();
  });

  test('desk size: the same names on the map of the report page', async () => {
    const ctx = await deskContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    await page.goto('/report');
    await page.getByTestId('use-gps').click();
    await page.getByTestId('picked-point').getByText('附近').waitFor();
    await page.waitForTimeout(400);
    assert.ok((await labels(page)).includes('交通路社区'));
    await page.locator('.lx-map').evaluate((el: any) => el.scrollIntoView({ block: 'center' }));
    await seen(page, 'map-report-desk');
    await ctx.close();
  });
});

describe('便民地图 on a phone', () => {
  test('tapping a marker brings its card into view', async () => {
    const ctx = await phoneContext(browser, { geolocation: HERE, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/places?type=station&view=map');
    await page.getByTestId('near-me').click();
    await page.locator('.lx-pin').nth(2).waitFor();
    const map = page.locator('.lx-map');
    await map.scrollIntoViewIfNeeded();
    // the card starts below the screen: that is what the tap must fix
    const card = page.getByTestId('place-card');
    const before = await inViewport(card, page);
    assert.ok(before.bottom > before.height, `the card starts (partly) below the screen: ${JSON.stringify(before)}`);

    const pin = page.locator('.lx-pin').nth(2);
    const name = await pin.getAttribute('aria-label');
    await pin.tap();
    // (the scroll is smooth: wait until the card has come to rest above the tab bar)
    await page.waitForFunction(
      () => {
        const doc = (globalThis as any).document;
        const r = doc.querySelector('[data-testid=place-card]')?.getBoundingClientRect();
        const tabs = doc.querySelector('.lx-tabs')?.getBoundingClientRect();
        return r && r.top >= 0 && r.bottom <= (tabs ? tabs.top : (globalThis as any).innerHeight);
      },
      undefined,
      { timeout: 5000 },
    );
    const after = await inViewport(card, page);
    assert.ok(after.top >= 0 && after.bottom <= after.height, `the card is on screen: ${JSON.stringify(after)}`);
    // … clear of the bottom tab bar
    const tabs = await page.locator('.lx-tabs').boundingBox();
    if (tabs) assert.ok(after.bottom <= tabs.y + 1, `the card is above the tab bar (${after.bottom} ≤ ${tabs.y})`);
    assert.equal(await card.locator('.lx-item-title').textContent(), name, 'the card is the tapped place');
    assert.equal(await pin.getAttribute('aria-pressed'), 'true');
    await seen(page, 'places-marker-card-phone');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('导航 hands the place to the phone’s map apps: geo: in WGS-84, 高德 and 百度 in GCJ-02', async () => {
    const r = await fetch(`${BASE_URL}/api/places/nearest?lat=${HERE.latitude}&lng=${HERE.longitude}&type=station&limit=1`);
    const place = ((await r.json()) as { items: { id: string; name: string; location: { lat: number; lng: number } }[] }).items[0]!;
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`/places/${place.id}`);
    const nav = page.getByTestId('place-navigate');
    await nav.getByText('导航', { exact: true }).click();
    const geo = (await page.getByTestId('nav-geo').getAttribute('href')) ?? '';
    assert.equal(
      geo,
      `geo:${place.location.lat.toFixed(6)},${place.location.lng.toFixed(6)}?q=${place.location.lat.toFixed(6)},${place.location.lng.toFixed(6)}(${encodeURIComponent(place.name)})`,
    );
    const amap = new URL((await page.getByTestId('nav-amap').getAttribute('href')) ?? '');
    assert.equal(amap.searchParams.get('name'), place.name);
    const [lng, lat] = (amap.searchParams.get('position') ?? '').split(',').map(Number) as [number, number];
    const shift = Math.hypot((lng - place.location.lng) * 88_000, (lat - place.location.lat) * 111_000);
    assert.ok(shift > 300 && shift < 800, `高德 gets GCJ-02, shifted ${shift.toFixed(0)} m from WGS-84`);
    const baidu = new URL((await page.getByTestId('nav-baidu').getAttribute('href')) ?? '');
    assert.equal(baidu.searchParams.get('coord_type'), 'gcj02');
    assert.equal(baidu.searchParams.get('location'), `${lat.toFixed(6)},${lng.toFixed(6)}`);
    await nav.evaluate((el: any) => el.scrollIntoView({ block: 'center' }));
    await seen(page, 'place-navigate-phone');
    await ctx.close();
  });
});
