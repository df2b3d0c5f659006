/**
 * Aid drives: community staff set up a 母亲邮包 drive at the desk (a pack, stock received, a
 * recipient) and start it; two staff open the phone delivery page for the same family. The grid
 * worker delivers the parcel, signed for with a photo; the second, a moment later, is refused with
 * a message saying the family already received it, when and from whom. The desk then shows the
 * delivery signed for, and the ledger downloads. Pages are scanned with axe; large-font mode too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeClean } from '../lib/a11y.js';
import { deskContext, launch, phoneContext, shot, signIn, watchErrors } from '../lib/browser.js';

declare const document: any; // in page.evaluate callbacks (run in the browser)

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a parcel is delivered and signed for with a photo; a second delivery to the same family is refused', async () => {
  const title = `母亲邮包 e2e ${Date.now().toString(36)}`;
  const mother = '王秀兰';

  // ---- the desk: set up the drive -------------------------------------------------------
  const desk = await deskContext(browser);
  await signIn(desk, 'jiaotonglu');
  const dp = await desk.newPage();
  const deskErrors = watchErrors(dp);
  await dp.goto('/desk/drives');
  await dp.getByRole('heading', { name: '帮扶活动', level: 1 }).waitFor();
  await shot(dp, 'desk-drives-list');
  await axeClean(dp, 'desk-drives-list');
  await dp.getByTestId('drive-new').click();
  await dp.getByTestId('drive-title').fill(title);
  await dp.getByTestId('drive-item-0').fill('母亲邮包');
  await dp
    .getByRole('dialog')
    .getByRole('button', { name: /提\s?交/ })
    .click();
  await dp.getByRole('heading', { name: title }).waitFor();
  const driveId = dp.url().split('/').pop() as string;

  await dp.getByRole('tab', { name: '物资与库存' }).click();
  await dp.getByTestId('receive-qty').fill('3');
  await dp.getByTestId('receive-submit').click();
  await dp.getByRole('cell', { name: '3 份' }).waitFor();
  await dp.getByTestId('drive-start').click();
  await dp.getByTestId('drive-status').getByText('发放中').waitFor();

  await dp.getByRole('tab', { name: '受助对象与发放' }).click();
  await dp.getByTestId('recipient-add').click();
  await dp.getByTestId('recipient-name').fill(mother);
  await dp.getByTestId('recipient-id').fill('141102198503031245');
  await dp.getByTestId('recipient-reason').fill('单亲母亲，独自抚养两个孩子');
  // The entitlement: the drive's only pack, one of it unless the organiser says otherwise.
  assert.equal(await dp.getByTestId('recipient-quantity').inputValue(), '1');
  await shot(dp, 'desk-drive-add-recipient');
  await dp
    .getByRole('dialog')
    .getByRole('button', { name: /提\s?交/ })
    .click();
  await dp
    .getByRole('cell', { name: mother })
    .waitFor({ timeout: 10_000 })
    .catch(async (e) => {
      await shot(dp, 'desk-drive-debug');
      throw e;
    });
  // Masked in the list.
  await dp.getByText('1411**********1245').waitFor();
  assert.equal(await dp.getByText('141102198503031245').count(), 0);

  // ---- two phones open the delivery page for the same family ------------------------------
  const phoneA = await phoneContext(browser);
  await signIn(phoneA, 'grid');
  const a = await phoneA.newPage();
  const aErrors = watchErrors(a);
  const phoneB = await phoneContext(browser);
  await signIn(phoneB, 'jiaotonglu');
  const b = await phoneB.newPage();
  for (const p of [a, b]) {
    await p.goto('/grid/drives');
    await p.getByRole('link', { name: new RegExp(title) }).click();
    await p
      .getByTestId(`phone-pick-${mother}`)
      .click({ timeout: 10_000 })
      .catch(async (e) => {
        await shot(p, 'phone-drive-debug', false);
        throw e;
      });
  }
  await shot(a, 'phone-drive-deliver-pick', false);
  await axeClean(a, 'phone-drive-deliver');

  // The grid worker: a photo of the recipient's signature, then deliver.
  await a.getByTestId('phone-method-photo').click();
  const signature = await a.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 200, height: 120 } });
  await a.locator('input[type="file"]').setInputFiles({ name: 'signature.png', mimeType: 'image/png', buffer: signature });
  await a.locator('.lx-thumb img').first().waitFor();
  await a.locator('.lx-thumb .lx-thumb-state').waitFor({ state: 'detached' });
  await a.getByTestId('phone-deliver-submit').click();
  const done = (await a.getByTestId('phone-deliver-done').textContent()) ?? '';
  assert.match(done, new RegExp(`已发放给 ${mother}`));
  await shot(a, 'phone-drive-delivered', false);

  // The second phone, still showing her as waiting, records a call-back delivery: refused.
  await b.getByTestId('phone-method-callback').click();
  await b.getByTestId('phone-deliver-submit').click();
  const refused = (await b.getByTestId('phone-deliver-error').textContent()) ?? '';
  assert.match(refused, /该户已于 \d{4}-\d{2}-\d{2} 领取过本活动的物资（经办人：交通路社区第1网格 梁俊连），同一户不能重复发放/);
  await shot(b, 'phone-drive-second-refused', false);

  // ---- the desk sees it signed for; the ledger downloads ------------------------------------
  await dp.reload();
  await dp.getByRole('heading', { name: title }).waitFor();
  await dp.getByText('已签收').first().waitFor();
  await dp.getByText(/签名照片/).waitFor();
  assert.equal((await dp.getByTestId('drive-stat-delivered').textContent())?.replace(/\D/g, ''), '1');
  assert.equal((await dp.getByTestId('drive-stat-disputed').textContent())?.replace(/\D/g, ''), '0');
  await shot(dp, 'desk-drive-detail');
  await axeClean(dp, 'desk-drive-detail');
  await dp.getByRole('tab', { name: '物资与库存' }).click();
  await dp.getByRole('cell', { name: '2 份' }).waitFor();
  const ledger = await desk.request.get(`/api/drives/${driveId}/ledger.xlsx`);
  assert.equal(ledger.status(), 200);
  assert.equal((await ledger.body()).subarray(0, 2).toString(), 'PK');

  // ---- large-font mode on the phone page -------------------------------------------------
  await a.getByTestId('elder-toggle').click();
  await a.goto(`/grid/drives/${driveId}`);
  await a.getByRole('heading', { name: title }).waitFor();
  assert.equal(await a.evaluate(() => document.documentElement.classList.contains('elder')), true);
  await shot(a, 'phone-drive-elder', false);
  await axeClean(a, 'phone-drive-elder');

  assert.deepEqual([...deskErrors, ...aErrors], []);
  await Promise.all([desk.close(), phoneA.close(), phoneB.close()]);
});
