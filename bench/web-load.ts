/**
 * How fast the resident pages show their main content on a slow phone network — measured, not
 * asserted. Starts the real server on the built app (`serve --demo`, like the e2e runner), opens
 * each page in Debian's headless Chromium at 390×844 with the network throttled through the
 * DevTools protocol (Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 300 ms
 * round trip — DevTools' "Slow 4G"-like profile) and prints, per page, the time from navigation
 * start until the page's main content is visible:
 *
 *   cold  cache disabled (a first visit): every asset and API answer goes over the wire;
 *   warm  second visit with the cache on (hashed assets are immutable: only index.html and the API).
 *
 * The median of N runs (default 5), the bytes transferred (encoded, as on the wire) and the
 * requests of the cold load, largest first — the waterfall to look at when a page is slow.
 *
 *   npm run build && node bin/run-ts.mjs bench/web-load.ts [--runs N] [--root DIR] [--json FILE]
 *
 * `--root DIR` measures another checkout's build and server (e.g. a worktree of an older commit,
 * for before/after figures).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/lib/browser.js';
import { startServer } from '../e2e/lib/server.js';

const THROTTLE = { offline: false, latency: 300, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

/** The element that is each page's main content: what a resident came for. */
const PAGES = [
  { name: 'home', path: '/', main: '.lx-tiles .lx-tile' },
  { name: 'report', path: '/report', main: '.lx-cats label' },
  { name: 'places', path: '/places', main: '.lx-ptypes label' },
] as const;

function args() {
  const a = process.argv.slice(2);
  const get = (k: string) => {
    const i = a.indexOf(k);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return {
    runs: Number(get('--runs') ?? 5),
    root: path.resolve(get('--root') ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..')),
    json: get('--json'),
  };
}

interface Transfer {
  url: string;
  bytes: number;
  encoding: string;
  started: number;
  finished: number;
}

interface Load {
  ms: number;
  bytes: number;
  requests: Transfer[];
}

/** Time from navigation start until `selector` is visible, measured inside the page. */
async function load(page: Page, url: string, selector: string): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const transfers = new Map<string, Transfer & { id: string }>();
  cdp.on('Network.requestWillBeSent', (e: any) => {
    transfers.set(e.requestId, { id: e.requestId, url: e.request.url, bytes: 0, encoding: '', started: e.timestamp, finished: 0 });
  });
  cdp.on('Network.responseReceived', (e: any) => {
    const t = transfers.get(e.requestId);
    if (t) t.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '';
  });
  cdp.on('Network.loadingFinished', (e: any) => {
    const t = transfers.get(e.requestId);
    if (t) {
      t.bytes = e.encodedDataLength;
      t.finished = e.timestamp;
    }
  });
  await page.goto(url, { waitUntil: 'commit' });
  // a string, not a function: tsx would wrap a named inner function in a helper the page lacks
  const ms = (await page.evaluate(`new Promise((resolve, reject) => {
    const give = setTimeout(() => reject(new Error('main content not visible after 60 s')), 60000);
    const tick = () => {
      const r = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect();
      if (r && r.width > 0 && r.height > 0 && r.top < window.innerHeight) {
        clearTimeout(give);
        resolve(performance.now());
      } else requestAnimationFrame(tick);
    };
    tick();
  })`)) as number;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await cdp.detach().catch(() => undefined);
  const first = Math.min(...[...transfers.values()].map((t) => t.started));
  const requests = [...transfers.values()]
    .filter((t) => t.url.startsWith('http'))
    .map(({ id: _id, ...t }) => ({
      ...t,
      url: new URL(t.url).pathname + new URL(t.url).search,
      started: t.started - first,
      finished: t.finished - first,
    }));
  return { ms, bytes: requests.reduce((s, r) => s + r.bytes, 0), requests };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const o = args();
const server = await startServer(o.root);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const version = browser.version();
const results: Record<string, { cold: number[]; warm: number[]; coldLoad: Load }> = {};
try {
  for (const pg of PAGES) {
    const r = { cold: [] as number[], warm: [] as number[], coldLoad: null as unknown as Load };
    for (let i = 0; i < o.runs; i++) {
      const ctx = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const cold = await load(page, server.url + pg.path, pg.main);
      r.cold.push(cold.ms);
      if (i === 0) r.coldLoad = cold;
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
      // a second visit: what the HTTP cache may keep, it keeps
      await page.goto('about:blank');
      const warm = await load(page, server.url + pg.path, pg.main);
      r.warm.push(warm.ms);
      await ctx.close();
    }
    results[pg.name] = r;
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(`Resident pages on a throttled phone network (Chromium ${version}, 390×844,`);
console.log(`1.6 Mbps down / 750 kbps up / 300 ms RTT; median of ${o.runs}; build and server: ${o.root})`);
console.log('');
console.log('page     cold (no cache)   warm (2nd visit)   cold bytes   cold requests');
for (const pg of PAGES) {
  const r = results[pg.name]!;
  console.log(
    `${pg.name.padEnd(8)} ${sec(median(r.cold)).padStart(10)}        ${sec(median(r.warm)).padStart(10)}       ${kb(r.coldLoad.bytes).padStart(9)}   ${String(r.coldLoad.requests.length).padStart(5)}`,
  );
}
console.log('');
console.log(`aim: main content < 2.5 s cold on every page`);
for (const pg of PAGES) {
  const r = results[pg.name]!;
  console.log(`\n${pg.name} — cold load, each request (start → end, bytes on the wire, encoding):`);
  for (const t of [...r.coldLoad.requests].sort((a, b) => a.started - b.started))
    console.log(
      `  ${(t.started * 1000).toFixed(0).padStart(5)} → ${(t.finished * 1000).toFixed(0).padStart(5)} ms  ${kb(t.bytes).padStart(9)}  ${(t.encoding || '-').padEnd(4)}  ${t.url.slice(0, 70)}`,
    );
}
if (o.json) fs.writeFileSync(o.json, JSON.stringify({ throttle: THROTTLE, runs: o.runs, root: o.root, results }, null, 2));
