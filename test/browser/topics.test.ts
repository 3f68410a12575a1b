// 小专题 (hot topics) in a real browser: six households of 海港社区 report within a few days that
// the street lights of 滨海路 are out; the dispatcher opens 小专题, sees the proposal with its
// requests, promotes it with a lead department, finds it in the month's ranking, opens it (map
// and trend), and one of its requests' timelines says 纳入专题. Desktop and phone screenshots:
// .tmp/screens/topics-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
let desk: Page;
let phone: Page;
const pageErrors: string[] = [];
const lightIds: number[] = [];

const LIGHTS = [
  '滨海路的路灯坏了好几盏，晚上黑乎乎的', '滨海路那边晚上黑灯瞎火的，路灯都不亮', '海港社区滨海路路灯不亮已经好几天了',
  '滨海路路灯不亮，晚上走路害怕，麻烦修一下', '反映一下，滨海路上的路灯好多都不亮了', '滨海路一到晚上路灯全灭，老人出门不方便',
];
const NOISE: [string, string][] = [
  ['楼上邻居半夜装修，电钻声吵得睡不着', 'noise'], ['想咨询一下医保报销需要带什么材料', 'medical-insurance'], ['小区门口的垃圾箱满了好几天没人清', 'sanitation'],
];

/** The first instant of this month in China time (the page and the server both count months there). */
function chinaMonthStart(now = Date.now()): number {
  const d = new Date(now + 8 * 3600_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 8 * 3600_000;
}

async function signIn(p: Page, who: string) {
  await p.goto(server.url + '/#/login');
  await p.getByLabel('用户名').fill(who);
  await p.getByLabel('密码').fill(server.users[who].password);
  await p.locator('button[type=submit]').click();
  await p.locator('.ant-layout-header').waitFor();
}

beforeAll(async () => {
  prepareWeb();
  server = await startTestServer();
  const dispatcher = await server.login('dispatcher');
  const cats = Object.fromEntries(((await dispatcher.get('/api/categories')).body as { code: string; id: number }[]).map((c) => [c.code, c.id]));
  // Spread over the last three days, but inside this month so the default month shows them.
  const now = Date.now() - 10 * 60_000;
  const span = Math.max(0, Math.min(3 * 86_400_000, now - chinaMonthStart() - 3600_000));
  const homes = server.fixture.households.filter((h) => h.gridIndex < 2);   // 海港社区's two grids
  for (const [i, text] of LIGHTS.entries()) {
    const r = await dispatcher.post('/api/requests', {
      kind: 'complaint', channel: 'hotline', categoryId: cats['street-lighting'], text, householdId: homes[i].id,
      receivedAt: new Date(now - span + (span * i) / LIGHTS.length).toISOString(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    lightIds.push(r.body.request.id);
  }
  for (const [i, [text, code]] of NOISE.entries()) {
    const r = await dispatcher.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cats[code], text, regionId: server.fixture.grids[2 + i * 2].id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  browser = await launchBrowser();
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(w < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
    const p = await ctx.newPage();
    p.setDefaultTimeout(15_000);
    p.on('pageerror', (e) => pageErrors.push(`${w}: ${e.message}`));
    await signIn(p, 'dispatcher');
    if (w < 500) phone = p; else desk = p;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Loading spinners gone and their fade over, so a screenshot shows the page as a person sees it. */
async function settle(p: Page) {
  await expect.poll(() => p.locator('.ant-spin-spinning, .ant-skeleton').count()).toBe(0);
  await p.waitForTimeout(400);
}

/** Nothing on the page is wider than the screen (no sideways scrolling on a phone). */
const overflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('hot topics in the browser', () => {
  it('the dispatcher opens 小专题 and sees the proposal with its requests', async () => {
    const p = desk;
    await p.locator('.ant-menu-item').filter({ hasText: '小专题' }).click();
    await p.waitForURL(/#\/topics/);
    const proposal = p.getByTestId('proposal');
    await expect.poll(() => proposal.count(), { timeout: 20_000 }).toBe(1);
    const text = await proposal.innerText();
    expect(text).toContain('海港社区');
    expect(text).toContain('滨海路');
    expect(text).toContain('路灯照明');
    expect(text).toContain('6件 · 6户');
    await proposal.getByTestId('toggle-members').click();
    const members = proposal.getByTestId('proposal-member');
    await expect.poll(() => members.count()).toBe(6);
    expect(await members.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('路灯')]));
    expect(await p.getByTestId('proposals-summary').innerText()).toMatch(/本月 9 件诉求，发现 1 个小专题/);
    await settle(p);
    await p.screenshot({ path: `${SCREENS}/topics-proposals.png`, fullPage: true });

    await phone.goto(server.url + '/#/topics');
    await phone.getByTestId('proposal').waitFor({ timeout: 20_000 });
    await phone.getByTestId('toggle-members').click();
    await expect.poll(() => phone.getByTestId('proposal-member').count()).toBe(6);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await settle(phone);
    await phone.screenshot({ path: `${SCREENS}/topics-proposals-phone.png`, fullPage: true });
  });

  it('promotes it with a lead department and finds it in the month’s ranking', async () => {
    const p = desk;
    await p.getByTestId('promote').click();
    const modal = p.locator('.ant-modal-content');
    await modal.waitFor();
    expect(await p.getByLabel('专题名称').inputValue()).toContain('滨海路');
    await p.getByLabel('专题名称').fill('海港社区滨海路路灯不亮');
    await p.getByLabel('牵头部门').click();
    await p.locator('.ant-select-item-option').filter({ hasText: '住房和城乡建设局' }).click();
    await p.screenshot({ path: `${SCREENS}/topics-promote.png` });
    await p.getByTestId('promote-ok').click();
    await modal.waitFor({ state: 'detached' });
    // Promoting opens the new topic; back from it is the month's ranking.
    await p.getByTestId('topic-map').waitFor();
    await p.getByTestId('topic-back').click();
    const row = p.getByTestId('topics-table').locator('.ant-table-row');
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.innerText();
    for (const want of ['海港社区滨海路路灯不亮', '住房和城乡建设局', '海港社区', '办理中']) expect(text).toContain(want);
    await settle(p);
    await p.screenshot({ path: `${SCREENS}/topics-ranking.png`, fullPage: true });
    // The proposal is gone from the proposals now that a topic holds its requests.
    await p.getByTestId('topics-tab').getByText('本月建议').click();
    await p.getByText('本月没有发现新的小专题').waitFor();
    await settle(p);
    await p.screenshot({ path: `${SCREENS}/topics-proposals-empty.png` });
    await p.getByTestId('topics-tab').getByText('专题排行').click();
    await row.first().waitFor();

    await phone.goto(server.url + '/#/topics?tab=topics');
    await phone.getByTestId('topic-row').first().waitFor();
    expect(await phone.getByTestId('topic-row').innerText()).toContain('住房和城乡建设局');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await settle(phone);
    await phone.screenshot({ path: `${SCREENS}/topics-ranking-phone.png`, fullPage: true });
  });

  it('opens the topic: its map, its trend and its requests', async () => {
    const p = desk;
    await p.getByTestId('topics-table').locator('.ant-table-row').first().click();
    await p.getByTestId('topic-map').waitFor();
    await p.getByTestId('topic-trend').locator('svg polyline').waitFor();
    // The map has drawn (a canvas with something on it).
    await expect.poll(() => p.getByTestId('topic-map').locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => p.getByTestId('topic-requests').locator('.ant-table-row').count()).toBe(6);
    const head = await p.locator('h2').first().innerText();
    expect(head).toContain('海港社区滨海路路灯不亮');
    expect(await p.locator('body').innerText()).toContain('牵头：住房和城乡建设局');
    expect(await p.getByTestId('topic-map-legend').innerText()).toContain('未办结 6 件');
    await settle(p);
    await p.waitForTimeout(500);   // ECharts animates the points in
    await p.screenshot({ path: `${SCREENS}/topics-detail.png`, fullPage: true });

    await phone.getByTestId('topic-row').first().click();
    await phone.getByTestId('topic-map').waitFor();
    await expect.poll(() => phone.getByTestId('topic-request').count()).toBe(6);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await settle(phone);
    await phone.waitForTimeout(500);
    await phone.screenshot({ path: `${SCREENS}/topics-detail-phone.png`, fullPage: true });
  });

  it('a request of the topic shows 纳入专题 on its timeline', async () => {
    const p = desk;
    await p.getByTestId('topic-requests').locator('.ant-table-row').first().click();
    await p.waitForURL(/#\/requests\/\d+$/);
    expect(lightIds).toContain(Number(p.url().split('/').pop()));
    await p.locator('[data-event=topic]').waitFor();
    expect(await p.locator('[data-event=topic]').innerText()).toContain('纳入专题');
    await p.screenshot({ path: `${SCREENS}/topics-request-timeline.png`, fullPage: true });
  });

  it('raised no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
