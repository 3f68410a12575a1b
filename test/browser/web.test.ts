// The web app in a real browser against the real server and the fixture district: sign in
// through the form, read the household list, check that Chinese glyphs are real glyphs (not
// tofu boxes from a missing CJK font), switch to English and back, reveal a resident's data,
// and look at the list on a phone-sized screen. Screenshots go to .tmp/screens/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser, glyphSignatures } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';


let server: TestServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The server decides at start-up whether web/dist exists, so build (when missing or older
  // than the sources) before starting it.
  prepareWeb();
  server = await startTestServer();
  browser = await launchBrowser();
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Screenshots only: let loading overlays and drawer animations finish fading. */
async function settle(p: Page) {
  await p.locator('.ant-spin-blur').waitFor({ state: 'detached' }).catch(() => undefined);
  await p.waitForTimeout(400);
}

describe('web app', () => {
  it('refuses a wrong password in Chinese, then signs in through the form', async () => {
    await page.goto(server.url + '/');
    await page.waitForURL(/#\/login/);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await page.screenshot({ path: `${SCREENS}/login.png` });

    await page.getByLabel('密码').fill(server.users.admin.password);
    await page.locator('button[type=submit]').click();
    await page.locator('.ant-layout-header').getByText('系统管理员').waitFor();
    expect(await page.locator('.ant-layout-header').innerText()).toContain('长屿区');
  });

  it('lists households with addresses and tags', async () => {
    await page.locator('.ant-layout-sider').getByText('住户', { exact: true }).click();
    await page.waitForURL(/#\/households/);
    await page.getByRole('heading', { name: '住户', level: 2 }).waitFor();
    const first = server.fixture.households[0].address;
    await page.getByText(first, { exact: true }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(20);
    expect(await page.locator('.ant-table-row .ant-tag').filter({ hasText: '低保户' }).count()).toBeGreaterThan(0);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/households-desktop.png` });
  });

  it('draws Chinese with a real CJK font, not tofu', async () => {
    const [zhu, hu, box1, box2] = await glyphSignatures(page, ['住', '户', '\uFFFF', '\uFFFE']);
    expect(zhu).toContain('1');
    expect(zhu).not.toBe(hu);
    expect(zhu).not.toBe(box1);
    expect(hu).not.toBe(box2);
    // A box is the same for every missing glyph; real ideographs differ from each other.
    const [jia, jiaAgain] = await glyphSignatures(page, ['家', '家']);
    expect(jia).toBe(jiaAgain);
  });

  it('filters by searching an address fragment', async () => {
    await page.getByPlaceholder('地址、户主姓名或户编号').fill('滨海路3号2');
    await page.getByPlaceholder('地址、户主姓名或户编号').press('Enter');
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    expect(await page.locator('.ant-table-row').innerText()).toContain('滨海路3号201室');
  });

  it('switches to English and back, remembering the choice', async () => {
    await page.locator('.ant-layout-header').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Households', level: 2 }).waitFor();
    expect(await page.locator('.ant-layout-sider').innerText()).toContain('Overview');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('lx_lang'))).toBe('en');
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/households-en.png` });

    await page.locator('.ant-layout-header').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '住户', level: 2 }).waitFor();
    expect(await page.locator('.ant-layout-sider').innerText()).toContain('概览');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('opens a household with masked residents and reveals one, recorded', async () => {
    await page.locator('.ant-table-row a').first().click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByText('家庭成员').waitFor();
    const masked = await drawer.innerText();
    expect(masked).toMatch(/\d{6}\*{8}\d{3}[\dX]/);
    expect(masked).toMatch(/1\d{2}\*{4}\d{4}/);
    await drawer.getByRole('button', { name: /显示完整信息/ }).first().click();
    await drawer.getByText('已留痕').first().waitFor();
    expect(await drawer.innerText()).toMatch(/\b\d{17}[\dX]\b/);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/household-detail.png` });
    await page.keyboard.press('Escape');
  });

  it('shows cards instead of a table on a phone, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + '/#/households');
    await page.getByRole('heading', { name: '住户', level: 2 }).waitFor();
    await page.getByText(server.fixture.households[0].address).first().waitFor();
    expect(await page.locator('.ant-table').count()).toBe(0);
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/households-phone.png` });

    await page.getByRole('button', { name: '菜单' }).click();
    await page.locator('.ant-drawer').getByText('居民', { exact: true }).waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/menu-phone.png` });
  });

  it('makes an API token (shown once), uses it, and revokes it from the tokens page', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url + '/#/tokens');
    await page.getByRole('heading', { name: 'API 令牌', level: 2 }).waitFor();
    await page.getByLabel('令牌用途').fill('短信网关');
    await page.getByRole('button', { name: '新建令牌' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('令牌只显示这一次').waitFor();
    const token = await dialog.getByLabel('令牌').inputValue();
    expect(token).toMatch(/^lxt_/);
    await dialog.getByRole('button', { name: '我已保存令牌' }).click();
    const row = page.getByTestId('token-table').locator('tr', { hasText: '短信网关' });
    await row.getByText(`${token.slice(0, 10)}…`).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(token);   // never shown again
    const machine = server.client();
    machine.bearer = token;
    expect((await machine.get('/api/households')).status).toBe(200);
    await row.getByRole('button', { name: '吊销令牌' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '吊销令牌' }).click();
    await row.getByText('已吊销').waitFor();
    expect((await machine.get('/api/households')).status).toBe(401);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/tokens.png` });
  });

  it('sends an expired session to the login form and back to where it was', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await ctx.clearCookies();
    await page.goto(server.url + '/#/cadres');
    await page.waitForURL(/#\/login\?next=%2Fcadres/);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(server.users.admin.password);
    await page.locator('button[type=submit]').click();
    await page.getByRole('heading', { name: '干部', level: 2 }).waitFor();
    await page.getByText('住房和城乡建设局').first().waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
