/**
 * 微心愿 in Chromium: community staff enter a wish (代录) and check it on the desk; it appears on the
 * public board; a volunteer claims it on a phone while a second volunteer, a moment late, is told it
 * is taken; the claimer sees the delivery contact, delivers with a photo; staff confirm by phone and
 * the board counts it as lit. Pages are scanned with axe (no serious/critical violation), in large
 * font too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeClean } from '../lib/a11y.js';
import { BASE_URL, deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const boardLit = async (): Promise<number> => ((await (await fetch(`${BASE_URL}/api/wishes/board`)).json()) as { lit: number }).lit;

test('a wish entered by staff is checked, claimed on a phone (a second claimer is told it is taken), delivered with a photo and confirmed', async () => {
  const tag = String(Date.now()).slice(-6);
  const title = `一台收音机（${tag}）`;
  const litBefore = await boardLit();

  // ---- 代录 and the check, on the desk --------------------------------------------------------
  const desk = await deskContext(browser);
  await signIn(desk, 'jiaotonglu');
  const dp = await desk.newPage();
  const deskErrors = watchErrors(dp);
  await dp.goto('/desk/wishes');
  await dp.getByTestId('wish-desk-new').click();
  await dp.getByTestId('wish-group').selectOption('elderly');
  await dp.getByTestId('wish-title').fill(title);
  await dp.getByTestId('wish-value').fill('80');
  await dp.getByTestId('wish-name').fill('王秀英');
  await dp.getByTestId('wish-age').fill('78');
  await dp.getByTestId('wish-phone').fill(`1390358${tag.slice(-4)}`);
  await axeClean(dp, 'wish entry (desk)');
  await dp.getByTestId('wish-submit').click();
  const created = (await dp.getByTestId('wish-created').textContent()) ?? '';
  const number = created.match(/XY\d{8}[0-9A-F]{6}/)?.[0];
  assert.ok(number, `the number is shown: ${created}`);
  await dp.goto('/desk/wishes');
  await dp.getByTestId(`wish-publish-${number}`).click();
  await dp.getByTestId('wish-contact-phone').fill('13935800088');
  await shot(dp, 'desk-70-wish-publish', false);
  await dp.getByTestId('wish-step-ok').click();
  await dp.getByTestId(`wish-publish-${number}`).waitFor({ state: 'detached' });
  // The dialog fades out: scan once it is gone.
  await dp.locator('.ant-modal').waitFor({ state: 'hidden' });
  await axeClean(dp, 'wish desk');
  await shot(dp, 'desk-70-wishes');

  // ---- the board on two phones --------------------------------------------------------------
  const first = await phoneContext(browser);
  await signIn(first, 'volunteer');
  const second = await phoneContext(browser);
  await signIn(second, 'zrzy_party');
  const p1 = await first.newPage();
  const p2 = await second.newPage();
  const errors = [...watchErrors(p1), ...watchErrors(p2)];
  for (const p of [p1, p2]) {
    await p.goto('/wishes?community=141102001002&group=elderly');
    await p.getByTestId(`wish-${number}`).waitFor();
  }
  // The board shows what the community chose, never the phone.
  const item = p1.getByTestId(`wish-${number}`);
  assert.match((await item.textContent()) ?? '', /王\*\*，78岁，想要一台收音机/);
  assert.ok(!(await p1.content()).includes(`1390358${tag.slice(-4)}`), 'no phone on the board');
  await axeClean(p1, 'wish board (phone)');
  await shot(p1, 'phone-70-wish-board');
  // Both open the claim; the first confirms, then the second.
  await p1.getByTestId(`wish-${number}`).getByTestId('wish-claim').click();
  await p2.getByTestId(`wish-${number}`).getByTestId('wish-claim').click();
  await p1.getByTestId(`wish-${number}`).getByTestId('wish-claim-confirm').click();
  await p1.getByTestId('wish-claim-result').getByText('认领成功').waitFor();
  await p2.getByTestId(`wish-${number}`).getByTestId('wish-claim-confirm').click();
  await p2.getByTestId('wish-claim-result').getByText('已被他人认领').waitFor();
  await shot(p2, 'phone-70-wish-taken');

  // ---- delivery with a photo ----------------------------------------------------------------
  const photo = await p1.screenshot({ type: 'jpeg', quality: 60 });
  await p1.goto('/wishes/claims');
  const mine = p1.getByTestId(`claim-${number}`);
  await mine.getByRole('button', { name: '查看送达联系人' }).click();
  await mine.getByTestId('wish-contact').getByText('13935800088').waitFor();
  await mine.getByTestId('wish-fulfil').click();
  await mine.getByTestId('wish-photo').setInputFiles({ name: 'delivery.jpg', mimeType: 'image/jpeg', buffer: photo });
  await mine.locator('.lx-thumb img').first().waitFor();
  await axeClean(p1, 'my claims (phone)');
  await shot(p1, 'phone-70-wish-fulfil');
  await mine.getByTestId('wish-fulfil-submit').click();
  await mine.getByText('已提交，等待确认').waitFor();

  // ---- staff confirm after calling the recipient ---------------------------------------------
  await dp.goto('/desk/wishes');
  await dp.getByTestId(`wish-confirm-${number}`).click();
  // Staff see the delivery photo and the steps before confirming.
  await dp.getByTestId('wish-history').locator('img').first().waitFor();
  await dp.waitForTimeout(500); // the dialog's opening animation
  await shot(dp, 'desk-70-wish-confirm', false);
  await dp.getByTestId('wish-step-ok').click();
  await dp.getByTestId(`wish-confirm-${number}`).waitFor({ state: 'detached' });
  assert.equal(await boardLit(), litBefore + 1);
  await p1.goto('/wishes?community=141102001002&group=elderly');
  await p1.getByTestId(`wish-${number}`).getByText('已实现').waitFor();

  // ---- large font ---------------------------------------------------------------------------
  await p1.getByTestId('elder-toggle').click();
  await p1.waitForTimeout(200);
  await axeClean(p1, 'wish board (large font)');
  await shot(p1, 'phone-70-wish-board-elder');
  // …and in English.
  await p1.getByTestId('lang-toggle').click();
  await p1.getByRole('heading', { name: 'Small wishes' }).waitFor();
  await p1.getByTestId(`wish-${number}`).getByText('Fulfilled').waitFor();
  await axeClean(p1, 'wish board (English)');
  await shot(p1, 'phone-70-wish-board-en');
  assert.deepEqual([...errors, ...deskErrors], []);
  await Promise.all([first.close(), second.close(), desk.close()]);
});
