/** A resident not satisfied with the result rates it 不满意 and asks for it to be handled again. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { APIRequestContext, Browser } from 'playwright-core';
import { deskContext, launch, phoneContext, shot, signIn } from '../lib/browser.js';
import { GRID_1 } from '../lib/flow.js';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function ok<T>(r: Promise<{ ok(): boolean; status(): number; text(): Promise<string>; json(): Promise<unknown> }>): Promise<T> {
  const res = await r;
  assert.ok(res.ok(), `${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

test('rate 不满意, then reopen with a reason; the request goes back to the handler', async () => {
  const phone = '13655556666';
  const units = (await (await fetch(`${process.env.LIANXIN_E2E_URL}/api/units?kind=grid`)).json()) as {
    items: { id: string; location: { lat: number; lng: number } }[];
  };
  const at = units.items.find((u) => u.id === GRID_1)!.location;
  const resident = await phoneContext(browser);
  const created = await ok<{ id: string; number: string }>(
    resident.request.post('/api/requests', {
      data: {
        kind: 'problem',
        categoryCode: 'flying_wire',
        description: '楼道里有人拉电线给电动车充电，很危险。',
        location: at,
        reporterPhone: phone,
        anonymous: false,
      },
      headers: { 'Idempotency-Key': `e2e-reopen-${Date.now()}` },
    }),
  );

  // the grid worker handles it (through the API: the phone pages have their own test)
  const staff = await deskContext(browser);
  await signIn(staff, 'grid');
  const api: APIRequestContext = staff.request;
  for (const body of [{ action: 'sign' }, { action: 'contact', note: '已电话联系' }, { action: 'resolve', reply: '已劝导住户拆除飞线。' }])
    await ok(api.post(`/api/requests/${created.id}/actions`, { data: body }));
  await staff.close();

  const page = await resident.newPage();
  // The phone is typed, never carried in the address.
  await page.goto(`/track?number=${created.number}`);
  await page.getByLabel('手机号或查询码').fill(phone);
  await page.getByTestId('track-find').click();
  await page.getByTestId('plain-status').getByText('已办结，请您评价').waitFor();
  await page.getByRole('radio', { name: '没解决' }).check();
  await page.getByRole('radio', { name: '不满意' }).check();
  assert.equal(await page.getByRole('radio', { name: '没解决' }).isChecked(), true);
  assert.equal(await page.getByRole('radio', { name: '不满意' }).isChecked(), true);
  await page.getByLabel('说说您的感受').fill('电线还在，没有人来看过。');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByTestId('my-rating').getByText('不满意').waitFor();

  await page.getByLabel('不满意的原因').fill('问题没有解决，电线还在楼道里。');
  await page.getByRole('button', { name: '申请重新办理' }).click();
  await page.getByText('已申请重新办理').waitFor();
  await page.getByTestId('plain-status').getByText('已派给办理人员').waitFor();
  await shot(page, 'phone-11-track-reopened');
  await resident.close();
});
