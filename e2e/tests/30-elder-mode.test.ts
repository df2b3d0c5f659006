/** 适老化: the large-font, high-contrast mode is on every page and survives a reload. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, phoneContext, shot } from '../lib/browser.js';

declare const document: any; // in page.evaluate callbacks (run in the browser)
declare const getComputedStyle: any; // in page.evaluate callbacks (run in the browser)

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the large-font mode is switched on the home page and survives a reload and a page change', async () => {
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await page.goto('/');
  const rootSize = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await rootSize();
  const toggle = page.getByTestId('elder-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.ok((await rootSize()) > before, 'the text is larger');

  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
  assert.equal(await page.getByTestId('elder-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok((await rootSize()) >= 20);
  await shot(page, 'phone-08-home-elder');

  await page.goto('/report');
  await page.getByRole('heading', { name: '反映问题 / 求助' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
  // 问题反映 stays on one line in large type (the options wrap as a whole, not inside a word).
  const lines = await page.evaluate(() => {
    const span = [...document.querySelectorAll('.lx-seg span')].find((s: any) => s.textContent === '问题反映');
    const range = document.createRange();
    range.selectNodeContents(span);
    return new Set([...range.getClientRects()].map((r: any) => Math.round(r.top))).size;
  });
  assert.equal(lines, 1, '问题反映 on one line');
  await shot(page, 'phone-09-report-elder', false);
  await ctx.close();
});

test('the English switch translates the page and is remembered', async () => {
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await page.goto('/track');
  await page.getByTestId('lang-toggle').click();
  await page.getByRole('heading', { name: 'Track a request' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Track a request' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await shot(page, 'phone-10-track-english');
  await ctx.close();
});
