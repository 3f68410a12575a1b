// Service cards in a real browser: a resident opens the card's QR link on a phone, sees the
// liaison group and the hotline, raises a request — the first answer is lost on the way back,
// the text stays, the retry with the same Idempotency-Key gets the same request — and sees the
// request code. Then the office prints the cards: A4 sheets of 8, the app's chrome hidden in
// print, a PDF of the right number of pages. Screenshots: .tmp/screens/cards-*.png.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser, glyphSignatures, signIn } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';


let server: TestServer;
let browser: Browser;
let token: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  prepareWeb();
  server = await startTestServer();
  const admin = await server.login('admin');
  const p = await admin.post('/api/pairing/preview', { departmentId: server.fixture.departments.housing.id, regionIds: [server.fixture.communities[0].id] });
  await admin.post(`/api/pairing/runs/${p.body.runId}/confirm`, {});
  const director = await server.login('director');
  const card = await director.get(`/api/service-cards/households/${server.fixture.households[0].id}`);
  token = card.body.token;
  // The category model is trained on its first use (a few seconds): do that before the page asks.
  expect((await server.client().post(`/api/public/card/${token}/suggest`, { text: '路灯坏了' })).status).toBe(200);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the resident’s card page on a phone', () => {
  it('shows the group and hotline, keeps the text when the answer is lost, and shows the request code', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/card/#${token}`);
    await page.getByText('住房和城乡建设局第1组').waitFor();
    expect(await page.locator('h1').innerText()).toBe('走亲连心卡');
    expect(await page.locator('.place').innerText()).toBe('南城街道 · 海港社区');
    // Tap to call: the cadres and the hotline are tel: links.
    expect(await page.locator('a[href="tel:13911110000"]').innerText()).toContain('赵卫东');
    expect(await page.locator('a[href="tel:13911110001"]').innerText()).toContain('钱晓燕');
    expect(await page.locator('a[href="tel:053512345"]').innerText()).toContain('服务热线');
    // Nothing about the household itself is on the page.
    const body = await page.locator('body').innerText();
    for (const secret of ['王建国', '滨海路', '13800000000']) expect(body).not.toContain(secret);
    const sigs = await glyphSignatures(page, ['走', '亲', '连', '心', '卡']);
    expect(new Set(sigs).size).toBe(5);
    expect(sigs.every((s) => s.includes('1'))).toBe(true);
    // Big tap targets for older residents.
    const pick = page.getByRole('button', { name: '路灯照明' });
    expect((await pick.boundingBox())!.height).toBeGreaterThanOrEqual(56);
    await page.screenshot({ path: `${SCREENS}/cards-resident.png`, fullPage: false });

    await page.getByRole('button', { name: '投诉', exact: true }).click();
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    const text = '小区门口的路灯坏了半个月，晚上老人出门看不见路，请尽快修好';
    await page.getByLabel('具体情况').fill(text);
    await page.getByLabel('怎么称呼您（可不填）').fill('王阿姨');
    await page.getByLabel('联系电话（可不填，方便答复您）').fill('13900001111');
    await page.screenshot({ path: `${SCREENS}/cards-resident-form.png`, fullPage: true });

    // The server files it, but the answer never reaches the phone.
    let reached = 0;
    await page.route('**/api/public/requests', async (route) => {
      const res = await route.fetch();
      reached += res.status() === 201 ? 1 : 0;
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '网络连接失败' }).waitFor();
    expect(reached).toBe(1);
    expect(await page.getByLabel('具体情况').inputValue()).toBe(text);
    // Even a reload keeps the draft.
    await page.unroute('**/api/public/requests');
    await page.reload();
    await page.getByText('住房和城乡建设局第1组').waitFor();
    expect(await page.getByLabel('具体情况').inputValue()).toBe(text);
    expect(await page.getByRole('button', { name: '路灯照明' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: '提交', exact: true }).click();

    const code = (await page.getByTestId('request-code').innerText()).trim();
    expect(code).toMatch(/^LX/);
    expect(await page.getByTestId('card-done').innerText()).toContain('我们将在');
    await page.screenshot({ path: `${SCREENS}/cards-resident-done.png`, fullPage: false });
    // Exactly one request, the one whose code the phone shows.
    const rows = await server.db.selectFrom('requests').select(['code', 'channel', 'household_id', 'kind', 'requester_name']).where('text', '=', text).execute();
    expect(rows).toEqual([{ code, channel: 'web', household_id: server.fixture.households[0].id, kind: 'complaint', requester_name: '王阿姨' }]);
    // After success the draft is gone: a second matter starts empty.
    await page.getByRole('button', { name: '再反映一件事' }).click();
    expect(await page.getByLabel('具体情况').inputValue()).toBe('');
    await ctx.close();
  });

  it('suggests categories under the text as big buttons: one tap chooses, nothing without a tap, none offline', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/card/#${token}`);
    await page.getByText('住房和城乡建设局第1组').waitFor();
    await page.getByLabel('具体情况').fill('小区门口的路灯坏了半个月，晚上老人出门看不见路');
    const box = page.getByTestId('card-suggestions');
    const chip = box.getByRole('button', { name: '路灯照明', exact: true });
    await chip.waitFor({ timeout: 30_000 });
    expect(await box.locator('.chip').count()).toBeLessThanOrEqual(3);
    expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(52);
    // Shown, not applied.
    const grid = page.getByRole('group', { name: '哪方面的事？' });
    expect(await grid.locator('[aria-pressed=true]').count()).toBe(0);
    await chip.click();
    expect(await grid.getByRole('button', { name: '路灯照明', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // The chosen suggestion now reads as chosen, and is no second button of the same name.
    await box.getByText('✓ 路灯照明').waitFor();
    expect(await page.getByRole('button', { name: '路灯照明' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/cards-resident-suggest.png` });
    // No signal: no suggestions, and the form is as it was.
    await ctx.setOffline(true);
    await page.getByLabel('具体情况').fill('小区门口的路灯坏了半个月，晚上老人出门看不见路，请尽快修');
    await box.waitFor({ state: 'detached' });
    expect(await grid.getByRole('button', { name: '路灯照明', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await ctx.close();
  });

  it('says clearly when a card is not valid', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    const forged = token.slice(0, 12) + (token[12] === 'A' ? 'B' : 'A') + token.slice(13);
    await page.goto(`${server.url}/card/#${forged}`);
    await page.getByRole('alert').filter({ hasText: '服务卡无效' }).waitFor({ timeout: 15_000 });
    await ctx.close();
  });
});

describe('the office prints the cards', () => {
  it('lays out A4 sheets of 8 cards and prints them without the app around them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, server.url, 'director', server.users.director.password);
    await page.goto(server.url + '/#/liaison/cards');
    // The director's own community is chosen already: 10 households, 2 sheets.
    await page.getByTestId('service-card').first().waitFor();
    expect(await page.getByTestId('service-card').count()).toBe(10);
    expect(await page.locator('.lxc-sheet').count()).toBe(2);
    const first = page.getByTestId('service-card').first();
    const text = await first.innerText();
    for (const want of ['走亲连心卡', '海港社区', '赵卫东', '139 1111 0000', '钱晓燕', '服务热线 0535-12345']) expect(text).toContain(want);
    expect(await first.locator('svg path').count()).toBeGreaterThan(0);
    // An A4 sheet is 210 mm wide (≈ 794 CSS px); two cards side by side.
    const sheet = (await page.locator('.lxc-sheet').first().boundingBox())!;
    expect(Math.round(sheet.width)).toBe(794);
    expect(Math.round(sheet.height)).toBe(1123);
    const sigs = await glyphSignatures(page, ['走', '亲', '连', '心', '卡']);
    expect(new Set(sigs).size).toBe(5);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENS}/cards-office.png` });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print-cards').isVisible()).toBe(false);
    expect(await page.locator('.lxc-sheet').first().isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENS}/cards-print.png`, fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(`${SCREENS}/cards.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length).toBe(2);
    // A4 portrait: 595 × 842 points on every page.
    const boxes = pdf.toString('latin1').match(/MediaBox\s*\[([^\]]+)\]/g)!.map((m) => m.replace(/[^\d. ]/g, '').trim().split(/\s+/).map(Number));
    expect(boxes.every((b) => Math.round(b[2]) === 595 && Math.round(b[3]) === 842)).toBe(true);
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });

  it('withdraws a lost card from the household’s drawer, prints the new one alone, and the old QR code says it was withdrawn', async () => {
    const household = server.fixture.households[1];
    const director = await server.login('director');
    const oldToken = (await director.get(`/api/service-cards/households/${household.id}`)).body.token;
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, server.url, 'director', server.users.director.password);
    await page.goto(`${server.url}/#/households/${household.id}`);
    const section = page.getByTestId('household-card');
    await section.getByTestId('card-state').filter({ hasText: '原卡' }).waitFor();
    await section.getByTestId('revoke-card').click();
    const dialog = page.getByRole('dialog', { name: '挂失补办服务卡' });
    await dialog.getByRole('button', { name: '停用旧卡并补办' }).click();
    await dialog.getByText('请写明挂失原因').waitFor();   // no reason, nothing sent
    await dialog.getByRole('textbox').fill('住户反映卡片丢失');
    await dialog.getByRole('button', { name: '停用旧卡并补办' }).click();
    await page.getByText('旧卡已停用，新卡已生成').waitFor();
    await section.getByTestId('card-state').filter({ hasText: '第 1 次补办' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${SCREENS}/cards-withdraw.png` });

    await section.getByRole('button', { name: '打印本户服务卡' }).click();
    await page.getByTestId('service-card').first().waitFor();
    expect(page.url()).toContain(`/liaison/cards?household=${household.id}`);
    expect(await page.getByTestId('service-card').count()).toBe(1);
    await page.getByText('补办的新卡（第 1 次），旧卡已停用').waitFor();
    expect(await page.getByTestId('service-card').innerText()).toContain('走亲连心卡');

    // The resident scanning the old card is told it was withdrawn.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const resident = await phone.newPage();
    await resident.goto(`${server.url}/card/#${oldToken}`);
    await resident.getByRole('alert').filter({ hasText: '已停用' }).waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await phone.close();
    await ctx.close();
  });
});
