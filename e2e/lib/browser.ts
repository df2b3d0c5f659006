/**
 * Debian's Chromium through playwright-core; never a downloaded browser.
 * CHROMIUM_PATH overrides the executable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, devices, type Page } from 'playwright-core';

declare const document: any; // in page.evaluate callbacks (run in the browser)
declare const window: any; // in page.evaluate callbacks (run in the browser)

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const BASE_URL = process.env.LIANXIN_E2E_URL || 'http://127.0.0.1:3100';
export const SCREENSHOTS = process.env.LIANXIN_E2E_SCREENSHOTS || path.resolve('e2e/screenshots');
export const PASSWORD = 'Lianxin@2026';

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A phone: 390×844 at 3× like a mid-range Android/iPhone, touch, zh-CN. */
export async function phoneContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const d = devices['Pixel 7'] ?? {};
  return browser.newContext({
    ...d,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: BASE_URL,
    ...extra,
  });
}

/** A desk: 1440×900. */
export async function deskContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: BASE_URL,
    ...extra,
  });
}

/** Signs in through the API (the cookie lands in the context) — the login form has its own test. */
export async function signIn(ctx: BrowserContext, username: string): Promise<void> {
  const r = await ctx.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  if (!r.ok()) throw new Error(`login ${username} failed: ${r.status()} ${await r.text()}`);
}

export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => document.fonts?.ready).catch(() => undefined);
  await page.evaluate(() => window.scrollTo(0, 0));
  // In a full-page picture the sticky bars belong at the ends of the page, not mid-way.
  const style = fullPage ? await page.addStyleTag({ content: '.lx-tabs,.lx-top,.lx-desk-header{position:static!important}' }) : null;
  await page.screenshot({ path: file, fullPage });
  await style?.evaluate((el) => el.remove());
  return file;
}

/**
 * Fails the test on uncaught page errors (a white page must not pass) and on anything the
 * server's Content-Security-Policy refused (Chromium reports each refusal on the console).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  return errors;
}
