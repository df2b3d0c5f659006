/** Ad-hoc: screenshot one path against a running server. node bin/run-ts.mjs e2e/shoot.ts /path name [phone|desk] [user] */
import { deskContext, launch, phoneContext, shot, signIn } from './lib/browser.js';

const [p = '/', name = 'adhoc', size = 'phone', user] = process.argv.slice(2);
const browser = await launch();
const ctx = size === 'desk' ? await deskContext(browser) : await phoneContext(browser);
if (user) await signIn(ctx, user);
const page = await ctx.newPage();
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e));
await page.goto(p);
await page.waitForTimeout(1200);
console.log(await shot(page, name));
await browser.close();
