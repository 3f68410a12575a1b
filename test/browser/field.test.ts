// The field app (/field/) on a phone, and the rules of its outbox. The acceptance test of issue
// 4: a cadre opens the app, loses the signal, records three visits and one request, and once the
// signal is back the server holds exactly three visits and one request — also after a reload
// with no signal (service worker + IndexedDB) and after the same items are sent again. A request
// the server refuses stays on the phone marked failed with the server's reason until resent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SCREENS, prepareWeb, launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';
import {
  BACKOFF_BASE_MS, BACKOFF_MAX_MS, applyOutcome, backoffMs, classify, newClientId, newItem, retryNow, sendable, type OutboxItem,
} from '../../web/field/outbox.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the field outbox rules (pure)', () => {
  const item = (over: Partial<OutboxItem> & { clientId: string }): OutboxItem => ({
    ...newItem(over.type ?? 'visit', over.userId ?? 1, {}, { title: '', detail: '', householdIds: [1] }, over.clientId, over.visitClientId ?? null, over.createdAt ?? 0),
    ...over,
  });

  it('makes v4 uuids without randomUUID (plain http on a LAN is not a secure context)', () => {
    const noUuid = { getRandomValues: <T extends Uint8Array>(a: T) => crypto.getRandomValues(a) };
    const throwing = { randomUUID: () => { throw new Error('insecure'); }, getRandomValues: noUuid.getRandomValues };
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newClientId(i % 2 ? noUuid : throwing);
      expect(id).toMatch(UUID_V4);
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
    expect(newClientId()).toMatch(UUID_V4);
  });

  it('classifies answers: 2xx sent, 401 sign in again, 408/429/5xx/no answer retry, other 4xx failed', () => {
    expect([200, 201].map(classify)).toEqual(['sent', 'sent']);
    expect(classify(401)).toBe('auth');
    expect([408, 429, 500, 502, 503].map(classify)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect(classify(0)).toBe('offline');
    expect([400, 403, 404, 409, 413, 422].map(classify)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
  });

  it('backs off from 5 s doubling to at most 5 min, with jitter within ±20%', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, mid))).toEqual([BACKOFF_BASE_MS, 2 * BACKOFF_BASE_MS, 4 * BACKOFF_BASE_MS, 8 * BACKOFF_BASE_MS]);
    expect(backoffMs(30, mid)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(1, () => 0)).toBe(0.8 * BACKOFF_BASE_MS);
    expect(backoffMs(1, () => 1)).toBe(1.2 * BACKOFF_BASE_MS);
    for (let n = 1; n < 12; n++) expect(backoffMs(n + 1, mid)).toBeGreaterThanOrEqual(backoffMs(n, mid));
  });

  it('after an attempt: sent is kept as sent, a refusal is failed with the reason, a retry waits, a 401 changes nothing but the note', () => {
    const i = item({ clientId: 'a' });
    const sent = applyOutcome(i, 'sent', 1000, null, () => 0.5, '42');
    expect([sent.status, sent.sentAt, sent.serverRef, sent.error]).toEqual(['sent', 1000, '42', null]);
    const failed = applyOutcome(i, 'failed', 1000, '分类不存在或已停用');
    expect([failed.status, failed.error]).toEqual(['failed', '分类不存在或已停用']);
    const retry = applyOutcome(applyOutcome(i, 'offline', 1000, null, () => 0.5), 'retry', 2000, null, () => 0.5);
    expect([retry.status, retry.attempts, retry.nextAttemptAt]).toEqual(['pending', 2, 2000 + 2 * BACKOFF_BASE_MS]);
    const auth = applyOutcome(i, 'auth', 1000);
    expect([auth.status, auth.attempts, auth.nextAttemptAt]).toEqual(['pending', 0, 0]);
    expect(auth.error).toContain('登录');
    const again = retryNow(failed);
    expect([again.clientId, again.status, again.attempts, again.nextAttemptAt, again.error]).toEqual(['a', 'pending', 0, 0, null]);
  });

  it('sends visits before requests, holds a request while its visit waits, and only the signed-in user’s due items', () => {
    const items = [
      item({ clientId: 'r1', type: 'request', createdAt: 1, visitClientId: 'v2' }),
      item({ clientId: 'v2', createdAt: 2 }),
      item({ clientId: 'v1', createdAt: 0 }),
      item({ clientId: 'r2', type: 'request', createdAt: 3 }),
      item({ clientId: 'v3', createdAt: 4, nextAttemptAt: 10_000 }),            // backing off
      item({ clientId: 'r3', type: 'request', createdAt: 5, visitClientId: 'v3' }), // waits for v3
      item({ clientId: 'r4', type: 'request', createdAt: 6, visitClientId: 'v4' }), // its visit failed: goes alone
      item({ clientId: 'v4', createdAt: 6, status: 'failed' }),
      item({ clientId: 'v5', createdAt: 7, status: 'sent' }),
      item({ clientId: 'x1', createdAt: 0, userId: 2 }),
    ];
    expect(sendable(items, 1, 5000).map((i) => i.clientId)).toEqual(['v1', 'v2', 'r1', 'r2', 'r4']);
    expect(sendable(items, 1, 20_000).map((i) => i.clientId)).toEqual(['v1', 'v2', 'v3', 'r1', 'r2', 'r3', 'r4']);
    expect(sendable(items, 2, 0).map((i) => i.clientId)).toEqual(['x1']);
  });
});


describe('the field app offline, in a phone-sized browser', () => {
  let server: TestServer;
  let admin: Client;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const visited: number[] = [];
  const REQUEST_TEXT = `楼道声控灯坏了两个月，老人晚上上下楼看不见（${Date.now()}）`;
  const NOTES = '老人腿脚不便，想申请助餐服务';

  beforeAll(async () => {
    prepareWeb();
    server = await startTestServer();
    admin = await server.login('admin');
    // The fixture's `cadre` user is 赵卫东 of the housing bureau, whose two cadres the office
    // pairs with 海港社区 (the cadre user's community): one group, its ten households.
    const { housing } = server.fixture.departments;
    const cadres = (await admin.get(`/api/cadres?departmentId=${housing.id}&pageSize=50`)).body.items as { id: number; name: string }[];
    const zhao = cadres.find((c) => c.name === '赵卫东')!;
    const users = (await admin.get('/api/users')).body as { id: number; username: string; version: number }[];
    const u = users.find((x) => x.username === 'cadre')!;
    expect((await admin.patch(`/api/users/${u.id}`, { cadreId: zhao.id, version: u.version })).status).toBe(200);
    const preview = await admin.post('/api/pairing/preview', { departmentId: housing.id, regionIds: [server.fixture.communities[0].id] });
    expect(preview.status).toBe(200);
    expect((await admin.post(`/api/pairing/runs/${preview.body.runId}/confirm`)).status).toBe(200);
    // The category model is trained on its first use (a few seconds): do that before the phone asks.
    expect((await (await server.login('dispatcher')).post('/api/routing/suggest', { text: '楼顶漏水' })).status).toBe(200);

    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const households = () => page.locator('[data-household]');
  const pendingPill = () => page.getByTestId('pending-count');
  async function recordVisit(index: number, opts: { notes?: string; thenRequest?: boolean } = {}) {
    const card = households().nth(index);
    visited.push(Number(await card.getAttribute('data-household')));
    await card.click();
    const sheet = page.getByTestId('visit-sheet');
    await sheet.waitFor();
    // Pre-selected: 日常走访, today.
    await expect.poll(() => sheet.getByRole('button', { name: '日常走访' }).getAttribute('aria-pressed')).toBe('true');
    if (opts.notes) {
      await page.getByLabel('民情日记（可不填）').fill(opts.notes);
      await page.screenshot({ path: `${SCREENS}/field-visit-sheet.png` });
    }
    await sheet.getByRole('button', { name: opts.thenRequest ? '保存并提诉求' : '保存', exact: true }).click();
    if (!opts.thenRequest) await sheet.waitFor({ state: 'detached' });
  }

  it('signs in as the cadre and lists the group’s households with tags and last visit', async () => {
    await page.goto(server.url + '/field/');
    await page.getByLabel('用户名').fill('cadre');
    await page.getByLabel('密码').fill(server.users.cadre.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => households().count()).toBe(10);
    const text = await page.locator('body').innerText();
    expect(text).toContain('低保户');
    expect(text).toContain('尚未走访');
    expect(text).toContain('海港社区');
    await expect.poll(() => page.getByTestId('net').innerText()).toBe('在线');
    // The service worker controls the page and holds the shell before the signal goes.
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 20_000 });
    await expect.poll(() => page.evaluate(async () => !!(await caches.match('/field/')))).toBe(true);
    await page.screenshot({ path: `${SCREENS}/field-households.png` });
  });

  it('offline: records three visits and one request, each shown at once as 待上传', async () => {
    await ctx.setOffline(true);
    await expect.poll(() => page.getByTestId('net').innerText()).toBe('离线');
    await recordVisit(0);                                  // two taps: the household, then 保存
    await recordVisit(1, { notes: NOTES });
    await recordVisit(2, { thenRequest: true });           // and a request raised during the visit
    const sheet = page.getByTestId('request-sheet');
    await sheet.waitFor();
    await sheet.getByRole('button', { name: '房屋与物业' }).click();
    await page.getByLabel('群众反映的内容').fill(REQUEST_TEXT);
    await page.getByLabel('紧急（危及安全、需马上处理）').check();
    await page.screenshot({ path: `${SCREENS}/field-request-sheet.png` });
    await sheet.getByRole('button', { name: '提交诉求' }).click();
    await sheet.waitFor({ state: 'detached' });

    await expect.poll(() => pendingPill().innerText()).toBe('待上传 4');
    await expect.poll(() => page.locator('[data-household] .chip-status.pending').count()).toBe(3);
    await pendingPill().click();
    const records = page.getByTestId('records-sheet');
    await expect.poll(() => records.locator('[data-status=pending]').count()).toBe(4);
    expect(await records.locator('[data-outbox=visit][data-status=pending]').count()).toBe(3);
    expect(await records.locator('[data-outbox=request][data-status=pending]').count()).toBe(1);
    expect(await records.innerText()).toContain(REQUEST_TEXT.slice(0, 20));
    await page.screenshot({ path: `${SCREENS}/field-pending.png` });
    await records.getByRole('button', { name: '关闭' }).click();
    // Nothing reached the server.
    expect((await admin.get('/api/visits')).body.total).toBe(0);
  });

  it('reloads with no signal: the service worker opens the app and IndexedDB still shows the lists and the pending items', async () => {
    // The service worker's own fetches are offline too, so the page below comes from its cache.
    const [worker] = ctx.serviceWorkers();
    expect(await worker.evaluate(() => fetch('/field/', { cache: 'no-store' }).then(() => 'answered', () => 'no network'))).toBe('no network');
    const nav = await page.reload();
    expect(nav?.fromServiceWorker()).toBe(true);
    await expect.poll(() => households().count()).toBe(10);
    await expect.poll(() => pendingPill().innerText()).toBe('待上传 4');
    expect(await page.getByTestId('net').innerText()).toBe('离线');
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await page.evaluate(() => fetch('/api/health').then(() => 'answered', () => 'no network'))).toBe('no network');
    await page.screenshot({ path: `${SCREENS}/field-offline-reload.png` });
  });

  it('online again: exactly three visits and one request reach the server', async () => {
    await ctx.setOffline(false);
    await pendingPill().waitFor({ state: 'detached', timeout: 30_000 });
    const visits = (await admin.get('/api/visits?pageSize=50')).body;
    expect(visits.total).toBe(3);
    expect(visits.items.map((v: any) => v.households[0].id).sort()).toEqual([...visited].sort());
    expect(visits.items.every((v: any) => v.kind === 'routine' && v.cadres.some((c: any) => c.name === '赵卫东'))).toBe(true);
    expect(visits.items.find((v: any) => v.households[0].id === visited[1]).notes).toBe(NOTES);
    const found = (await admin.get(`/api/requests?q=${encodeURIComponent('声控灯')}&pageSize=50`)).body.items.filter((r: any) => r.text === REQUEST_TEXT);
    expect(found).toHaveLength(1);
    expect(found[0].householdId ?? found[0].household?.id).toBe(visited[2]);
    expect(found[0].channel).toBe('visit');
    expect(found[0].urgency).toBe('urgent');
    // The list now shows today's visit from the server.
    await expect.poll(() => page.locator('[data-household] .chip-status.pending').count()).toBe(0);
    expect(await households().first().innerText()).toContain('上次走访');
  });

  it('online: suggested categories appear under the text, are chosen only by a tap, and vanish offline', async () => {
    await page.getByRole('tab', { name: '提诉求' }).click();
    await households().nth(7).click();
    const sheet = page.getByTestId('request-sheet');
    await sheet.waitFor();
    await page.getByLabel('群众反映的内容').fill('楼顶漏水，下雨天墙皮都泡掉了，老人住着不安全');
    const suggestions = sheet.getByTestId('category-suggestions');
    const chip = suggestions.getByRole('button', { name: '房屋与物业', exact: true });
    await chip.waitFor({ timeout: 30_000 });
    expect(await suggestions.getByRole('button').count()).toBeLessThanOrEqual(3);
    // Shown, not applied: nothing is chosen until the cadre taps.
    const all = sheet.getByRole('group', { name: '分类', exact: true });
    expect(await all.locator('[aria-pressed=true]').count()).toBe(0);
    expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await chip.click();
    expect(await chip.getAttribute('aria-pressed')).toBe('true');
    expect(await all.getByRole('button', { name: '房屋与物业', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: `${SCREENS}/field-request-suggest.png` });
    // No signal: the suggestions go quietly, and the form works as before.
    await ctx.setOffline(true);
    await page.getByLabel('群众反映的内容').fill('楼顶漏水，下雨天墙皮都泡掉了，老人住着不安全，请尽快来看看');
    await suggestions.waitFor({ state: 'detached' });
    expect(await all.getByRole('button', { name: '房屋与物业', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await ctx.setOffline(false);
    await expect.poll(() => page.getByTestId('net').innerText()).toBe('在线');
    await sheet.getByRole('button', { name: '关闭' }).click();
    await sheet.waitFor({ state: 'detached' });
    expect(await pendingPill().count()).toBe(0);
  });

  it('a resend with the same client ids records nothing new', async () => {
    await page.getByRole('tab', { name: '记走访' }).click();
    await households().nth(5).click();                     // several households in one visit: tick them
    await households().nth(6).click();
    await page.getByRole('button', { name: '填写走访（已选 2 户）' }).waitFor();
    await page.screenshot({ path: `${SCREENS}/field-visit-tab.png` });
    await households().nth(5).click();
    await households().nth(6).click();
    await page.getByRole('button', { name: '记录', exact: true }).click();
    const records = page.getByTestId('records-sheet');
    await expect.poll(() => records.locator('[data-status=sent]').count()).toBe(4);
    const again = await page.evaluate(async () => {
      const req = indexedDB.open('lianxin-field');
      const db: IDBDatabase = await new Promise((ok) => { req.onsuccess = () => ok(req.result); });
      const items: any[] = await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); });
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('lx_csrf='))!.slice(8);
      const out = [];
      for (const i of items) {
        const res = await fetch(i.type === 'visit' ? '/api/visits' : '/api/requests', {
          method: 'POST', body: JSON.stringify(i.body),
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, ...(i.type === 'request' ? { 'idempotency-key': i.clientId } : {}) },
        });
        out.push([i.type, res.status, (await res.json()).replayed]);
      }
      return out;
    });
    expect(again).toHaveLength(4);
    for (const [, status, replayed] of again) expect([status, replayed]).toEqual([200, true]);
    expect((await admin.get('/api/visits')).body.total).toBe(3);
    expect((await admin.get(`/api/requests?q=${encodeURIComponent('声控灯')}`)).body.items.filter((r: any) => r.text === REQUEST_TEXT)).toHaveLength(1);
    await records.getByRole('button', { name: '关闭' }).click();
  });

  it('a request the server refuses is kept, marked failed with the server’s reason, and goes once resent', async () => {
    // The office retires a category the phone still offers.
    const cats = (await admin.get('/api/categories')).body as { id: number; name: string; version: number }[];
    const water = cats.find((c) => c.name !== '房屋与物业')!;
    const off = await admin.patch(`/api/categories/${water.id}`, { active: false, version: water.version });
    expect(off.status).toBe(200);
    const text = `门口下水道堵了，污水漫到路上（${Date.now()}）`;
    await page.getByRole('tab', { name: '提诉求' }).click();
    await households().nth(3).click();
    const sheet = page.getByTestId('request-sheet');
    await sheet.getByRole('button', { name: water.name }).click();
    await page.getByLabel('群众反映的内容').fill(text);
    await sheet.getByRole('button', { name: '提交诉求' }).click();
    await page.getByText('1 条记录上传失败').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '查看' }).click();
    const failed = page.getByTestId('records-sheet').locator('[data-status=failed]');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.innerText()).toContain('分类不存在或已停用');
    await page.screenshot({ path: `${SCREENS}/field-failed.png` });
    const mine = async () => (await admin.get(`/api/requests?q=${encodeURIComponent('下水道')}`)).body.items.filter((r: any) => r.text === text);
    expect(await mine()).toHaveLength(0);

    expect((await admin.patch(`/api/categories/${water.id}`, { active: true, version: off.body.version })).status).toBe(200);
    await failed.getByRole('button', { name: '重新上传' }).click();
    await expect.poll(() => page.getByTestId('records-sheet').locator('[data-status=sent]').count(), { timeout: 30_000 }).toBe(5);
    expect(await mine()).toHaveLength(1);
  });

  it('large-text mode is remembered across a reload', async () => {
    await page.getByRole('button', { name: '关闭' }).click();
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await size();
    await page.getByRole('button', { name: '大字' }).click();
    expect(await size()).toBeGreaterThan(before);
    await page.reload();
    await households().first().waitFor();
    expect(await size()).toBeGreaterThan(before);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('tab', { name: '我的住户' }).click();
    await page.screenshot({ path: `${SCREENS}/field-large-text.png` });
  });

  it('large text: the suggested categories are big and nothing runs off the screen', async () => {
    await page.getByRole('tab', { name: '提诉求' }).click();
    await households().nth(7).click();
    const sheet = page.getByTestId('request-sheet');
    await page.getByLabel('群众反映的内容').fill('小区门口的路灯坏了半个月，晚上老人出门看不见路');
    const chips = sheet.getByTestId('category-suggestions').getByRole('button');
    await chips.first().waitFor({ timeout: 30_000 });
    expect(await sheet.getByTestId('category-suggestions').innerText()).toContain('路灯照明');
    for (const box of await Promise.all((await chips.all()).map((c) => c.boundingBox()))) {
      expect(box!.height).toBeGreaterThanOrEqual(56);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    expect(await sheet.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENS}/field-request-suggest-large.png` });
    await sheet.getByRole('button', { name: '关闭' }).click();
    await sheet.waitFor({ state: 'detached' });
  });

  it('my tasks: an event opens a timely visit; tapping it records a 及时访 that closes it', async () => {
    const todayCn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const householdId = Number(await households().nth(4).getAttribute('data-household'));
    const ev = await admin.post(`/api/households/${householdId}/events`, { kind: 'illness', occurredOn: todayCn, note: '突发脑梗住院' });
    expect(ev.status).toBe(201);
    await page.getByRole('tab', { name: '我的任务' }).click();
    const task = page.locator(`[data-task=timely-${ev.body.task.id}]`);
    await task.waitFor();
    expect(await task.innerText()).toContain('突发脑梗住院');
    await page.screenshot({ path: `${SCREENS}/field-tasks.png` });
    await task.click();
    const sheet = page.getByTestId('visit-sheet');
    expect(await sheet.getByRole('button', { name: '及时访' }).getAttribute('aria-pressed')).toBe('true');
    await sheet.getByRole('button', { name: '保存', exact: true }).click();
    await task.waitFor({ state: 'detached', timeout: 30_000 }); // sent, and the server closed the task
    const timely = (await admin.get(`/api/visits?kind=timely&householdId=${householdId}`)).body;
    expect(timely.total).toBe(1);
    expect((await admin.get('/api/visits')).body.total).toBe(4);
  });

  it('raised no uncaught errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
