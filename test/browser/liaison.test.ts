// The office's liaison pages (联户走访) in a real browser against the real server and the fixture
// district, as the administrator: preview a pairing for a department and its community, read
// the rule report, meet a 409 (a newer run) and preview again, confirm, and see the coverage
// with no household missed; add a responsibility, first meeting the server's per-field error;
// start a visit round and see its coverage once a visit is recorded; record an event on a
// household and find its timely visit among the overdue tasks; record service-day attendance.
// Screenshots go to .tmp/screens/liaison-*.png.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser, signIn } from '../helpers/browser.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';
import { addDays, chinaDate } from '../../src/domain/calendar.ts';


let server: TestServer;
let browser: Browser;
let page: Page;
let api: Client;
const pageErrors: string[] = [];
const today = chinaDate(new Date());

beforeAll(async () => {
  prepareWeb();
  server = await startTestServer();
  api = await server.login('admin');
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signIn(page, server.url, 'admin', server.users.admin.password);
  await page.locator('.ant-layout-header').getByText('系统管理员').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Screenshots only: let loading overlays, messages and drawer animations finish. */
async function settle(p: Page) {
  await p.locator('.ant-spin-blur').waitFor({ state: 'detached' }).catch(() => undefined);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.waitForTimeout(500);
}
/** The antd select (or tree select) of a labelled form field. */
const selectOf = (p: Page, label: string) => p.locator('.ant-form-item').filter({ has: p.locator('label', { hasText: new RegExp(`^${label}$`) }) }).locator('.ant-select-selector');
async function choose(p: Page, label: string, typed: string, option: string) {
  await selectOf(p, label).click();
  await p.keyboard.type(typed);
  await p.locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper').filter({ hasText: option }).first().click();
}
async function pickDate(p: Page, label: string, date: string) {
  const input = p.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('liaison pages (联户走访)', () => {
  it('shows the 联户走访 menu with its pages', async () => {
    const sider = page.locator('.ant-layout-sider');
    await sider.getByText('联户走访').click();
    for (const label of ['走访任务', '走访轮次', '联户分组', '包联责任', '服务日', '便民服务卡']) await sider.getByText(label, { exact: true }).waitFor();
    await sider.getByText('联户分组', { exact: true }).click();
    await page.waitForURL(/#\/liaison\/pairing/);
    await page.getByRole('heading', { name: '联户分组', level: 2 }).waitFor();
  });

  it('previews a pairing with its rule report, meets a newer run (409), previews again and confirms: no household missed', async () => {
    const { housing } = server.fixture.departments;
    const community = server.fixture.communities[0]; // 海港社区: two grids, ten households
    await choose(page, '部门', '住房', '住房和城乡建设局');
    await selectOf(page, '包联区域（可多选）').click();
    await page.keyboard.type('海港');
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: /^海港社区$/ }).click();
    await page.keyboard.press('Escape');
    // Housing's two cadres have 0 and 5 years of service: with a 10-year threshold 老带新 cannot be met.
    await page.getByLabel('老带新：工作满').fill('10');
    await page.getByRole('button', { name: /预览分组/ }).click();
    const preview = page.getByTestId('pair-preview');
    await preview.waitFor();
    const rules = page.getByTestId('pair-rules');
    await rules.getByText('1 个组放宽了组成规则').waitFor();
    expect(await rules.innerText()).toContain('「老带新」：本单位只有 0 名工作满10年的干部，少于 1 个组');
    const table = await preview.locator('.ant-table').innerText();
    expect(table).toContain('赵卫东');
    expect(table).toContain('钱晓燕');
    expect(table).toContain('海港社区第1网格');
    expect(await page.getByTestId('pair-coverage').innerText()).toContain('无漏户：10 户全部有联户组');
    expect(await preview.innerText()).toMatch(/首次分组的住户\s*10/);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-pairing-preview.png`, fullPage: true });

    // Someone else previews the same department meanwhile: confirming the older run is refused.
    const other = await api.post('/api/pairing/preview', { departmentId: housing.id, regionIds: [community.id], experiencedYears: 10 });
    expect(other.status).toBe(200);
    await preview.getByRole('button', { name: /确认分组/ }).click();
    await page.locator('.ant-modal-confirm').getByText('将为 10 户首次分配联户组。').waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认分组' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: '该部门已有更新的分组方案，请重新预览' });
    await conflict.waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-pairing-conflict.png` });
    const before = await server.db.selectFrom('household_liaisons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(0);

    await conflict.getByRole('button', { name: /重新预览/ }).click();
    await conflict.waitFor({ state: 'detached' });
    await preview.getByRole('button', { name: /确认分组/ }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认分组' }).click();
    await page.getByText('已确认：1 个组，调整 10 户').waitFor();
    const current = page.getByTestId('pair-current');
    await current.getByText('无漏户：所选区域的每一户都已有联户组').waitFor();
    await current.getByText('本部门每名干部都已编入联户组').waitFor();
    expect(await current.locator('.ant-table').innerText()).toMatch(/住房和城乡建设局第1组\s*10/);
    // The database agrees: every household of the community has the group.
    const rows = await server.db.selectFrom('household_liaisons').select(['household_id']).where('region_path', 'like', `${community.path}%`).execute();
    expect(rows).toHaveLength(10);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-pairing-confirmed.png`, fullPage: true });

    // Run again with nothing changed: the group is kept and no household moves (定组定户).
    await page.getByRole('button', { name: /预览分组/ }).click();
    await preview.waitFor();
    await preview.getByText('原有组').waitFor();
    expect(await preview.innerText()).toMatch(/需调整的住户\s*0/);
  });

  it('links party members with the households of their grid from the same page: preview, then confirm', async () => {
    const card = page.getByTestId('link-shapes');
    await card.scrollIntoViewIfNeeded();
    await card.locator('.ant-form-item').filter({ hasText: '区域' }).locator('.ant-select-selector').click();
    await page.keyboard.type('海港');
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: /^海港社区$/ }).last().click();
    await page.keyboard.press('Escape');
    await card.getByRole('button', { name: /预览/ }).click();
    const result = card.getByTestId('link-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/10 \/ 10/);
    expect(await server.db.selectFrom('liaison_links').selectAll().execute()).toHaveLength(0);
    await card.getByRole('button', { name: /确认写入/ }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认写入' }).click();
    await page.getByText('已写入，10 户变更').waitFor();
    expect(await server.db.selectFrom('liaison_links').selectAll().where('shape', '=', 'party_member').execute()).toHaveLength(10);
    await card.screenshot({ path: `${SCREENS}/liaison-link-shapes.png` });
  });

  it('adds a responsibility: the missing deadline of a 包保 is shown under its field, then it is saved and flagged as ending soon', async () => {
    await page.goto(server.url + '/#/liaison/responsibilities');
    await page.getByRole('heading', { name: '包联责任', level: 2 }).waitFor();
    await page.getByRole('button', { name: /新增责任/ }).click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByText('新增责任').waitFor();
    await choose(page, '类型', '包保', '包保');
    // 包保 allows only a leader as owner and a project as object.
    await drawer.getByText('领导', { exact: true }).waitFor();
    expect(await drawer.locator('.ant-radio-button-wrapper').allInnerTexts()).toEqual(['领导', '重大项目']);
    await choose(page, '责任主体', '孙海涛', '孙海涛');
    await drawer.getByLabel('项目名称').fill('渔港改造工程');
    await drawer.getByRole('button', { name: /保\s?存/ }).click();
    const endItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('结束日期') });
    await endItem.locator('.ant-form-item-explain-error').filter({ hasText: '包保须有完成期限' }).waitFor();
    await drawer.getByRole('alert').filter({ hasText: '输入有误' }).waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-responsibility-error.png` });

    await pickDate(page, '结束日期', addDays(today, 10));
    await drawer.getByRole('button', { name: /保\s?存/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const card = page.getByTestId('resp-list').locator('.ant-card').filter({ hasText: '孙海涛' });
    await card.getByText('渔港改造工程').waitFor();
    await card.getByText('即将到期 · 还剩 10 天').waitFor();
    const saved = await api.get('/api/responsibilities?kind=project');
    expect(saved.body.items).toMatchObject([{ ownerName: '孙海涛', objectName: '渔港改造工程', endDate: addDays(today, 10), status: 'expiring' }]);
    // By object, the project is the card's title.
    await page.getByText('按对象', { exact: true }).click();
    await page.getByTestId('resp-list').locator('.ant-card-head').getByText('渔港改造工程').waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-responsibilities.png`, fullPage: true });
  });

  it('creates a visit round and shows its coverage by department, group and grid, with the map', async () => {
    const { households, communities } = server.fixture;
    const cadre = await server.db.selectFrom('cadres').select('id').where('name', '=', '赵卫东').executeTakeFirstOrThrow();
    // Two households of the first grid visited today.
    const visit = await api.post('/api/visits', { clientId: randomUUID(), householdIds: [households[0].id, households[1].id], visitedOn: today, kind: 'routine', cadreIds: [cadre.id], notes: '了解用水情况' });
    expect(visit.status).toBe(201);

    await page.goto(server.url + '/#/liaison/rounds');
    await page.getByRole('heading', { name: '走访轮次', level: 2 }).waitFor();
    await page.getByRole('button', { name: /新建轮次/ }).click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByLabel('名称').fill('第三轮大走访');
    await selectOf(page, '走访区域').click();
    await page.keyboard.type('海港');
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: /^海港社区$/ }).click();
    await pickDate(page, '起止日期', addDays(today, -7));
    const end = modal.getByPlaceholder('结束日期');
    await end.fill(addDays(today, 23));
    await end.press('Enter');
    await modal.getByRole('button', { name: /创\s?建/ }).click();
    await modal.waitFor({ state: 'detached' });

    const detail = page.getByTestId('round-detail');
    await detail.locator('.ant-card-head').getByText('第三轮大走访').waitFor();
    expect(await page.getByTestId('rounds-table').innerText()).toMatch(/第三轮大走访[\s\S]*海港社区[\s\S]*20%\s*2\/10 户/);
    const coverage = page.getByTestId('round-coverage');
    await coverage.getByText('住房和城乡建设局').waitFor();
    expect(await coverage.innerText()).toMatch(/住房和城乡建设局\s*20%\s*2\/10 户/);
    await page.getByTestId('round-by').getByText('按联户组').click();
    await coverage.getByText('住房和城乡建设局第1组').waitFor();
    await page.getByTestId('round-by').getByText('按网格').click();
    await coverage.getByText('海港社区第2网格').waitFor();
    const byGrid = await coverage.innerText();
    expect(byGrid).toMatch(/海港社区第1网格\s*40%\s*2\/5 户/);
    expect(byGrid).toMatch(/海港社区第2网格\s*0%\s*0\/5 户/);
    // The map: one canvas, drawn (not blank).
    const map = page.getByTestId('coverage-map');
    await map.locator('canvas').waitFor();
    await settle(page);
    const drawn = await map.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) coloured++;
      return coloured;
    });
    expect(drawn).toBeGreaterThan(1000);
    expect(communities[0].name).toBe('海港社区');
    await page.screenshot({ path: `${SCREENS}/liaison-rounds.png`, fullPage: true });
  });

  it('records an illness on a household; its timely visit is listed as overdue, in red', async () => {
    await page.goto(server.url + '/#/liaison/tasks');
    await page.getByRole('heading', { name: '走访任务', level: 2 }).waitFor();
    await page.getByRole('button', { name: /登记住户事件/ }).click();
    const modal = page.locator('.ant-modal-content');
    await choose(page, '住户', '滨海路3号1', '滨海路3号101室');
    await modal.getByText('重病住院', { exact: true }).click();
    await pickDate(page, '发生日期', addDays(today, -20));
    await modal.getByLabel('情况说明').fill('户主突发脑梗住院');
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-event.png` });
    await modal.getByRole('button', { name: /^登\s?记$/ }).click();
    await modal.waitFor({ state: 'detached' });
    // Illness: a timely visit within 3 days, so 17 days overdue now.
    const row = page.getByTestId('tasks-table').locator('.ant-table-row').filter({ hasText: '滨海路3号101室' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('及时访');
    expect(text).toContain('户主突发脑梗住院');
    expect(text).toContain('逾期 17 天');
    expect(await row.locator('.ant-tag-red').count()).toBeGreaterThan(0);
    const tasks = await api.get('/api/visit-tasks?status=overdue');
    expect(tasks.body.items.filter((t: { kind: string }) => t.kind === 'timely')).toHaveLength(1);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-tasks.png`, fullPage: true });
  });

  it('records who took part in last month’s 直通日', async () => {
    await page.goto(server.url + '/#/liaison/service-days');
    await page.getByRole('heading', { name: '服务日', level: 2 }).waitFor();
    await page.getByRole('button', { name: /上月/ }).click();
    const row = page.getByTestId('service-days').locator('.ant-table-row').filter({ hasText: '直通日' });
    await row.getByRole('button', { name: /登记参加人员/ }).click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByText('还没有人登记').waitFor();
    await modal.locator('.ant-select').click();
    await page.keyboard.type('周丽');
    await page.locator('.ant-select-item-option').filter({ hasText: '周丽' }).click();
    await page.keyboard.type('孙海');
    await page.locator('.ant-select-item-option').filter({ hasText: '孙海涛' }).click();
    await modal.getByRole('button', { name: /^登\s?记$/ }).click();
    await page.getByText('已登记，共 2 人参加').waitFor();
    await modal.getByTestId('attendance-list').getByText('周丽').waitFor();
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-attendance.png` });
    await modal.getByRole('button', { name: /关\s?闭/ }).click();
    await row.locator('td').filter({ hasText: /^2$/ }).waitFor();
    await page.getByText('走访设置').waitFor();
    expect(await page.locator('.ant-descriptions').innerText()).toMatch(/重病住院：3 天/);
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-service-days.png`, fullPage: true });
  });

  it('adds a service day in the settings; it appears in the month', async () => {
    await page.getByRole('button', { name: /修改设置/ }).click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByText('修改走访设置').waitFor();
    await modal.getByRole('button', { name: /添加服务日/ }).click();
    const last = modal.locator('.ant-card').last();
    await last.getByLabel('名称').fill('党员活动日');
    await last.getByLabel('每月几日').fill('1');
    await settle(page);
    await page.screenshot({ path: `${SCREENS}/liaison-settings.png` });
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('设置已保存').waitFor();
    await page.locator('.ant-descriptions').getByText('党员活动日').waitFor();
    const saved = await api.get('/api/liaison/settings');
    expect(saved.body.serviceDays.map((d: { code: string; name: string }) => [d.code, d.name])).toEqual([['zhitong', '直通日'], ['yangguang8', '阳光8号'], ['day-1', '党员活动日']]);
    // Last month (on screen) now starts with it.
    expect(await page.getByTestId('service-days').locator('.ant-table-row').first().innerText()).toContain('党员活动日');
  });

  it('reads on a phone: tasks as cards, the round’s map below its table', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2 });
    const phone = await ctx.newPage();
    phone.setDefaultTimeout(15_000);
    phone.on('pageerror', (e) => pageErrors.push(`phone: ${e.message}`));
    await ctx.addCookies((await page.context().cookies()));
    await phone.goto(server.url + '/#/liaison/tasks');
    await phone.getByText('滨海路3号101室').waitFor();
    expect(await phone.getByText('逾期 17 天').isVisible()).toBe(true);
    await settle(phone);
    await phone.screenshot({ path: `${SCREENS}/liaison-tasks-phone.png`, fullPage: true });
    await phone.goto(server.url + '/#/liaison/rounds');
    await phone.getByTestId('coverage-map').locator('canvas').waitFor();
    await settle(phone);
    await phone.screenshot({ path: `${SCREENS}/liaison-rounds-phone.png`, fullPage: true });
    await phone.goto(server.url + '/#/liaison/pairing');
    await phone.getByRole('heading', { name: '联户分组', level: 2 }).waitFor();
    await settle(phone);
    await phone.screenshot({ path: `${SCREENS}/liaison-pairing-phone.png`, fullPage: true });
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
