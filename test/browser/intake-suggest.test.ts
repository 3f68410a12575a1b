// Place names and similar requests on the office's intake form, in a real browser: the text
// names 滨海路, a road of four communities (the choices are offered, none is picked), then
// 海港社区滨海路1号, which pins one grid — a click fills the grid in; two street-light requests
// already recorded in 海港社区 are offered as similar while typing and again after recording,
// and the way to merge leads to the new request's merge action. On the board, a request
// recorded under the wrong category shows the suggested one as a hint that opens it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
let p: Page;
const pageErrors: string[] = [];
const cat: Record<string, number> = {};
/** Two street-light requests of 海港社区, recorded through the API before the form is opened. */
const seeded: number[] = [];
let wrong = 0, other = 0, newId = 0;

beforeAll(async () => {
  prepareWeb();
  server = await startTestServer();
  const api = await server.login('dispatcher');
  for (const c of (await api.get('/api/categories')).body) cat[c.code] = c.id;
  const record = async (text: string, category: string, regionId: number) => {
    const r = await api.post('/api/requests', { kind: 'demand', channel: 'grid', categoryId: cat[category], text, regionId });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.request.id as number;
  };
  seeded.push(await record('滨海路1号那边的路灯坏了，晚上黑漆漆的看不见路', 'street-lighting', server.fixture.grids[0].id));
  seeded.push(await record('海港社区滨海路的路灯晚上不亮，黑漆漆的', 'street-lighting', server.fixture.grids[1].id));
  // Same community, another matter: not offered.
  other = await record('滨海路上的垃圾桶满了没人清理', 'sanitation', server.fixture.grids[1].id);
  // Elsewhere, and under a category its text does not support.
  wrong = await record('小区门口的垃圾箱满了好几天没人清，臭气熏天', 'noise', server.fixture.grids[6].id);

  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  p = await ctx.newPage();
  p.setDefaultTimeout(15_000);
  p.on('pageerror', (e) => pageErrors.push(String(e.stack ?? e.message)));
  await p.goto(server.url + '/#/login');
  await p.getByLabel('用户名').fill('dispatcher');
  await p.getByLabel('密码').fill(server.users.dispatcher.password);
  await p.locator('button[type=submit]').click();
  await p.locator('.ant-layout-header').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const gridField = () => p.locator('.ant-form-item', { has: p.locator('#regionId') });

describe('place names and similar requests at intake', () => {
  it('offers the places a text names, asks when the name is shared, and fills the grid only on a click', async () => {
    await p.goto(server.url + '/#/requests/new');
    await p.getByText('网格或位置', { exact: true }).click();
    const text = p.getByLabel('群众反映的内容');
    // 滨海路 runs through all four communities: all are offered, none is filled in.
    await text.fill('滨海路的路灯坏了');
    const places = p.getByTestId('place-suggestions');
    await places.getByText('多处同名，请选择').waitFor();
    await expect.poll(() => places.locator('[data-place]').count()).toBe(4);
    expect(await places.innerText()).toContain('海港社区');
    expect(await gridField().locator('.ant-select-selection-item').count()).toBe(0);

    // A house number pins the grid: one choice, still not applied by itself.
    await text.fill('海港社区滨海路1号门口的路灯坏了，晚上黑漆漆的');
    const grid = server.fixture.grids[0];
    const choice = places.locator(`[data-place="${grid.id}"]`);
    await choice.waitFor();
    expect(await places.innerText()).toContain('识别到地点：海港社区、滨海路1号');
    await expect.poll(() => places.locator('[data-place]').count()).toBe(1);
    expect(await gridField().locator('.ant-select-selection-item').count()).toBe(0);
    await choice.click();
    await expect.poll(() => gridField().locator('.ant-select-selection-item').innerText()).toBe('海港社区第1网格');
    expect(await choice.getAttribute('class')).toContain('checked');
  });

  it('shows the two similar requests of the community while typing, with the reason and how alike', async () => {
    const card = p.getByTestId('intake-duplicates');
    for (const id of seeded) await card.locator(`[data-duplicate="${id}"]`).waitFor();
    for (const id of [wrong, other]) expect(await card.locator(`[data-duplicate="${id}"]`).count()).toBe(0);
    const first = card.locator(`[data-duplicate="${seeded[0]}"]`);
    expect(Number(await first.getAttribute('data-similar'))).toBeGreaterThanOrEqual(22);
    const row = await first.innerText();
    expect(row).toMatch(/相似 \d+%/);
    expect(row).toContain('待研判');
    expect(row).toMatch(/文字相似度\d+%.*同在海港社区/);
    expect(await first.locator(`a[href="#/requests/${seeded[0]}"]`).count()).toBe(1);
    // Choosing the category keeps them (same category now) and does not list them twice.
    await p.getByTestId('category-suggestions').getByText(/^路灯照明 \d+%$/).click({ timeout: 30_000 });
    await expect.poll(() => p.locator('.ant-form-item', { has: p.locator('#categoryId') }).locator('.ant-select-selection-item').innerText()).toBe('路灯照明');
    await expect.poll(async () => (await first.innerText()).includes('同类诉求'), { timeout: 10_000 }).toBe(true);
    expect(await card.locator(`[data-duplicate="${seeded[0]}"]`).count()).toBe(1);
    await p.screenshot({ path: `${SCREENS}/intake-suggest.png`, fullPage: true });
  });

  it('reads on a phone: the note under the text points to the list below the form', async () => {
    await p.setViewportSize({ width: 390, height: 844 });
    const note = p.getByTestId('duplicates-note').getByText(/有 2 件可能重复或相似的诉求/);
    await note.waitFor();
    // The text, the note, the category chips and the place in one screen.
    await p.getByLabel('群众反映的内容').evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 110));
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${SCREENS}/intake-suggest-phone.png` });
    // The note scrolls down to the list.
    const list = p.getByTestId('intake-duplicates');
    expect(await list.evaluate((e) => e.getBoundingClientRect().top)).toBeGreaterThan(844);
    await note.click();
    // As far as the page goes: the card is the last thing on it.
    await expect.poll(() => list.evaluate((e) => Math.round(e.getBoundingClientRect().top)), { timeout: 5_000 }).toBeLessThan(600);
    await p.waitForTimeout(500);
    await p.screenshot({ path: `${SCREENS}/intake-suggest-phone-list.png` });
    // Nothing wider than the screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('lists the similar ones again after recording, and leads to the merge', async () => {
    await p.getByTestId('intake-submit').click();
    await p.getByText(/已登记：LX\d{8}-\d{6}/).waitFor();
    const panel = p.getByTestId('intake-similar');
    for (const id of seeded) await panel.locator(`[data-duplicate="${id}"]`).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await p.screenshot({ path: `${SCREENS}/intake-suggest-done-phone.png` });
    await p.setViewportSize({ width: 1280, height: 900 });
    await panel.locator(`[data-merge="${seeded[0]}"]`).click();
    await p.waitForURL(new RegExp(`#/requests/\\d+\\?mergeInto=${seeded[0]}$`));
    newId = Number(/#\/requests\/(\d+)/.exec(p.url())![1]);
    expect(seeded).not.toContain(newId);
    // The new request's merge form opens by itself with the earlier one filled in: one click merges.
    await expect.poll(() => p.getByLabel('合并到（诉求ID）').inputValue()).toBe(String(seeded[0]));
    await p.locator('[data-ok=merge]').click();
    await p.locator('h2 .ant-tag').filter({ hasText: '已合并' }).waitFor();
  });

  it('on the board, a request recorded under another category shows the suggested one, which opens it', async () => {
    await p.goto(server.url + '/#/requests?queue=board');
    const row = p.locator('.ant-table-row').filter({ hasText: '垃圾箱满了' });
    const hint = row.locator('[data-suggested-category]');
    await hint.waitFor();
    expect(await hint.innerText()).toBe('建议：环境卫生');
    expect(Number(await hint.getAttribute('data-suggested-category'))).toBe(cat.sanitation);
    // Rows whose category agrees with their text show nothing.
    const agreeing = p.locator('.ant-table-row').filter({ hasText: '滨海路1号那边的路灯坏了' });
    await agreeing.waitFor();
    await p.waitForTimeout(1000);
    expect(await agreeing.locator('[data-suggested-category]').count()).toBe(0);
    await p.screenshot({ path: `${SCREENS}/board-category-hint.png`, fullPage: true });
    await hint.click();
    await p.waitForURL(new RegExp(`#/requests/${wrong}$`));
    // Nothing was changed from the board.
    const api = await server.login('dispatcher');
    expect((await api.get(`/api/requests/${wrong}`)).body.category.id).toBe(cat.noise);
  });

  it('raised no uncaught errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
