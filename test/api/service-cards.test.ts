// Service cards through the API on a real database: the office's cards are scoped and carry the
// group's names and phones, the hotline and a signed URL with its QR code; the public card page
// shows nothing personal; a tampered, expired or unknown card is refused; a submission from the
// card makes exactly one request however often it is replayed; one address is throttled.
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCardToken, verifyCardToken } from '../../src/features/liaison/cards.ts';
import { SUBMIT_LIMIT } from '../../src/features/liaison/cards.routes.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };
const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

beforeAll(async () => {
  s = await startTestServer();
  const admin = await s.login('admin');
  // Housing's two cadres answer for 海港社区 (communities[0]); the township's for its own street.
  for (const [dept, region] of [[s.fixture.departments.housing.id, s.fixture.communities[0].id], [s.fixture.departments.township.id, s.fixture.streets[1].id]]) {
    const p = await admin.post('/api/pairing/preview', { departmentId: dept, regionIds: [region] });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect((await admin.post(`/api/pairing/runs/${p.body.runId}/confirm`, {})).status).toBe(200);
  }
});
afterAll(async () => { await s?.close(); });

const inCommunity = (i: number) => s.fixture.households.filter((h) => Math.floor(h.gridIndex / 2) === i);

describe('service cards for the office', () => {
  it('lists a community’s cards with the group, its phones, the hotline, a signed URL and a QR code', async () => {
    const director = await login('director');
    const r = await director.get(`/api/service-cards?regionId=${s.fixture.communities[0].id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.count).toBe(10);
    expect(r.body.items.map((c: any) => c.householdId).sort()).toEqual(inCommunity(0).map((h) => h.id).sort());
    expect(r.body.hotline).toBe('0535-12345');
    expect(r.body.withoutGroup).toBe(0);
    expect(r.body.groups).toEqual([{ id: expect.any(Number), name: '住房和城乡建设局第1组', department: '住房和城乡建设局', households: 10 }]);
    const card = r.body.items[0];
    expect(card.address).toContain('海港社区');
    expect(card.region).toMatchObject({ street: '南城街道', community: '海港社区' });
    // The party member first; both cadres' work phones are on the card.
    expect(card.group.cadres).toEqual([{ name: '赵卫东', phone: '13911110000' }, { name: '钱晓燕', phone: '13911110001' }]);
    expect(card.url).toBe(`${s.url}/card/#${card.token}`);
    expect(card.token).toMatch(/^[A-Za-z0-9_-]{34}$/);
    expect(verifyCardToken(card.token).householdId).toBe(card.householdId);
    expect(card.qrSvg).toMatch(/^<svg[^>]+viewBox="0 0 \d+ \d+"/);
    // The QR code is exactly the code of the card's URL.
    expect(card.qrSvg).toBe(await QRCode.toString(card.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
    // Not a guessable id: the neighbour's token differs in far more than a counter would.
    expect(r.body.items[1].token).not.toBe(card.token);
    // Without a region the director gets exactly their own community.
    const own = await director.get('/api/service-cards');
    expect(own.body.count).toBe(10);
  });

  it('narrows to one group and shows households with no group yet', async () => {
    const admin = await login('admin');
    const all = await admin.get(`/api/service-cards?regionId=${s.fixture.district.id}&qr=false`);
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(40);
    expect(all.body.withoutGroup).toBe(10); // 渔港社区 has no group
    expect(all.body.items.every((c: any) => c.qrSvg === null)).toBe(true);
    const township = all.body.groups.find((g: any) => g.department === '北岛镇');
    expect(township.households).toBe(20);
    const one = await admin.get(`/api/service-cards?regionId=${s.fixture.district.id}&groupId=${township.id}`);
    expect(one.body.count).toBe(20);
    expect(one.body.items.every((c: any) => c.group.name === township.name && c.region.street === '北岛镇')).toBe(true);
    expect(one.body.items[0].group.cadres.map((c: any) => c.name)).toEqual(['吴大勇', '郑敏']);
    const none = all.body.items.find((c: any) => !c.group);
    expect(none.region.community).toBe('渔港社区');
  });

  it('refuses cards outside the actor’s scope (403) and people without the permission', async () => {
    const director = await login('director'), resident = await login('resident');
    const other = inCommunity(1)[0];
    expect((await director.get(`/api/service-cards?regionId=${s.fixture.communities[1].id}`)).status).toBe(403);
    const single = await director.get(`/api/service-cards/households/${other.id}`);
    expect(single.status).toBe(403);
    expect(single.body.code).toBe('OUT_OF_SCOPE');
    const mine = await director.get(`/api/service-cards/households/${inCommunity(0)[2].id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ householdId: inCommunity(0)[2].id, hotline: '0535-12345' });
    expect(mine.body.qrSvg).toContain('<svg');
    expect((await resident.get(`/api/service-cards?regionId=${s.fixture.grids[0].id}`)).status).toBe(403);
    expect((await s.client().get('/api/service-cards')).status).toBe(401);
    expect((await director.get('/api/service-cards?groupId=999999')).status).toBe(400);
  });

  it('keeps the hotline as a setting the administrator changes, audited', async () => {
    const admin = await login('admin'), director = await login('director');
    expect((await director.put('/api/service-cards/settings', { hotline: '0535-1234567' })).status).toBe(403);
    const bad = await admin.put('/api/service-cards/settings', { hotline: '请拨打' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('hotline');
    const ok = await admin.put('/api/service-cards/settings', { hotline: '0535-6661234' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await director.get(`/api/service-cards/households/${inCommunity(0)[0].id}`)).body.hotline).toBe('0535-6661234');
    const audit = await s.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'setting').where('entity_id', '=', 'service_cards').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ hotline: '0535-6661234' });
  });
});

describe('the resident’s card page (public)', () => {
  let token: string;
  let household: { id: number; address: string };

  it('shows the place, the group, the hotline and the categories — and nothing personal', async () => {
    const director = await login('director');
    household = inCommunity(0)[0];
    token = tokenOf((await director.get(`/api/service-cards/households/${household.id}`)).body.url);
    const r = await s.client().get(`/api/public/card/${token}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.place).toMatchObject({ district: '长屿区', street: '南城街道', community: '海港社区' });
    expect(r.body.group).toEqual({ name: '住房和城乡建设局第1组', department: '住房和城乡建设局', cadres: [{ name: '赵卫东', phone: '13911110000' }, { name: '钱晓燕', phone: '13911110001' }] });
    expect(r.body.hotline).toBe('0535-6661234');
    expect(r.body.categories.length).toBeGreaterThan(5);
    expect(r.body.categories[0]).toEqual({ code: expect.any(String), name: expect.any(String) });
    const residents = await s.db.selectFrom('residents').select(['name', 'phone', 'id_number']).where('household_id', '=', household.id).execute();
    const head = await s.db.selectFrom('households').select(['head_name', 'address', 'external_code']).where('id', '=', household.id).executeTakeFirstOrThrow();
    const text = JSON.stringify(r.body);
    expect(head.head_name).toBe('王建国');
    for (const secret of [head.head_name!, head.address, head.address.replace(/^.*?滨海路/, '滨海路'), head.external_code, ...residents.flatMap((x) => [x.name, x.phone!, x.id_number!])]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/1380000\d{4}/);
  });

  it('refuses a tampered, malformed, expired or unknown card with a clear 4xx in Chinese and English', async () => {
    const c = s.client();
    const flip = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const bad of [flip, token.slice(0, -1) + (token.endsWith('A') ? 'Q' : 'A'), 'abc', '1', token + 'x']) {
      const r = await c.get(`/api/public/card/${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(404);
      expect(r.body.message).toContain('服务卡无效');
      expect(r.body.message_en).toMatch(/not valid/);
      expect(r.body.details[0].field).toBe('token');
    }
    // Another household's id spliced into this card's signature.
    const other = Buffer.from(token, 'base64url');
    other.writeUInt32BE(inCommunity(1)[0].id, 1);
    expect((await c.get(`/api/public/card/${other.toString('base64url')}`)).status).toBe(404);
    const expired = await c.get(`/api/public/card/${issueCardToken(household.id, '2020-12-31')}`);
    expect(expired.status).toBe(404);
    expect(expired.body.message).toContain('已过期');
    expect(expired.body.details[0].reason).toContain('2020-12-31');
    const unknown = await c.get(`/api/public/card/${issueCardToken(99_999)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.details[0].reason).toContain('不在系统中');
    // A forged card cannot file anything either.
    const post = await c.post('/api/public/requests', { token: flip, category: 'roads', text: '路灯坏了' }, { 'idempotency-key': 'forged-000001' });
    expect(post.status).toBe(404);
  });

  it('files a request for the card’s household once, however often it is replayed, and audits it', async () => {
    const c = s.client();
    const before = Number((await s.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const body = { token, category: 'street-lighting', kind: 'demand', text: '楼下路灯坏了一个星期，晚上出门看不见路', name: '王阿姨', phone: '139 0000 1234' };
    const first = await c.post('/api/public/requests', body, { 'idempotency-key': 'card-test-key-0001' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.code).toMatch(/^LX/);
    expect(first.body.message).toContain(first.body.code);
    expect(first.body.replayed).toBe(false);
    const again = await c.post('/api/public/requests', body, { 'idempotency-key': 'card-test-key-0001' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ code: first.body.code, replayed: true });
    // The token may come in a header instead of the body.
    const { token: _t, ...rest } = body;
    const viaHeader = await c.post('/api/public/requests', rest, { 'idempotency-key': 'card-test-key-0001', 'x-card-token': token });
    expect(viaHeader.body.code).toBe(first.body.code);
    const rows = await s.db.selectFrom('requests').selectAll().where('code', '=', first.body.code).execute();
    expect(rows).toHaveLength(1);
    expect(Number((await s.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before + 1);
    expect(rows[0]).toMatchObject({
      channel: 'web', household_id: household.id, region_path: expect.stringContaining(s.fixture.communities[0].path), requester_user_id: null,
      received_by: null, requester_name: '王阿姨', requester_phone: '13900001234', anonymous: false, status: 'received',
    });
    const audit = await s.db.selectFrom('audit_log').select(['actor', 'actor_id', 'action']).where('entity', '=', 'request').where('entity_id', '=', String(rows[0].id)).execute();
    expect(audit).toEqual([{ actor: `card:${household.id}`, actor_id: null, action: 'create' }]);
    // The office sees it on the board like any other request, with the channel 网上/手机.
    const dispatcher = await login('dispatcher');
    const seen = await dispatcher.get(`/api/requests/${rows[0].id}`);
    expect(seen.body).toMatchObject({ channelLabel: '网上/手机', householdId: household.id });
    // The same key with different content is refused rather than silently answered.
    const changed = await c.post('/api/public/requests', { ...body, text: '改了内容' }, { 'idempotency-key': 'card-test-key-0001' });
    expect(changed.status).toBe(409);
  });

  it('takes anonymous requests and checks its input', async () => {
    const c = s.client();
    const anon = await c.post('/api/public/requests', { token, category: 'roads', text: '路口井盖松动，车一过就响', anonymous: true, name: '不该存', phone: '13900009999' }, { 'idempotency-key': 'card-test-key-0002' });
    expect(anon.status, JSON.stringify(anon.body)).toBe(201);
    expect(anon.body.message).toContain('匿名');
    const row = await s.db.selectFrom('requests').selectAll().where('code', '=', anon.body.code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ anonymous: true, requester_name: null, requester_phone: null });
    const noKey = await c.post('/api/public/requests', { token, category: 'roads', text: '路口井盖松动' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.details[0].field).toBe('Idempotency-Key');
    const badCat = await c.post('/api/public/requests', { token, category: 'no-such', text: '路口井盖松动' }, { 'idempotency-key': 'card-test-key-0003' });
    expect(badCat.status).toBe(400);
    expect(badCat.body.details[0].field).toBe('category');
    const badPhone = await c.post('/api/public/requests', { token, category: 'roads', text: '路口井盖松动', phone: '12345' }, { 'idempotency-key': 'card-test-key-0004' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.details[0]).toMatchObject({ field: 'phone', reason: expect.stringContaining('电话') });
    const short = await c.post('/api/public/requests', { token, category: 'roads', text: '坏' }, { 'idempotency-key': 'card-test-key-0005' });
    expect(short.status).toBe(400);
    expect(short.body.details[0].field).toBe('text');
    const noToken = await c.post('/api/public/requests', { category: 'roads', text: '路口井盖松动' }, { 'idempotency-key': 'card-test-key-0006' });
    expect(noToken.status).toBe(400);
    expect(noToken.body.details[0].field).toBe('token');
  });

  it('throttles one address to 10 new requests per 10 minutes (429), while replays still answer', async () => {
    const c = s.client();
    const statuses: number[] = [];
    let last: any = null;
    for (let i = 0; i < SUBMIT_LIMIT.count + 2; i++) {
      last = await c.post('/api/public/requests', { token, category: 'sanitation', text: `小区垃圾没人清运，第${i}次反映` }, { 'idempotency-key': `card-throttle-${String(i).padStart(4, '0')}` });
      statuses.push(last.status);
    }
    // Two were filed above from the same address; failed validations did not count.
    expect(statuses.filter((x) => x === 201), JSON.stringify([statuses, last.body])).toHaveLength(SUBMIT_LIMIT.count - 2);
    expect(statuses.slice(-4)).toEqual([429, 429, 429, 429]);
    expect(last.body.message).toContain('提交太频繁');
    expect(last.body.message_en).toMatch(/Too many/);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const replay = await c.post('/api/public/requests', { token, category: 'street-lighting', kind: 'demand', text: '楼下路灯坏了一个星期，晚上出门看不见路', name: '王阿姨', phone: '139 0000 1234' }, { 'idempotency-key': 'card-test-key-0001' });
    expect(replay.status).toBe(200);
    expect(replay.body.replayed).toBe(true);
  });

  it('refuses more than 2,000 cards at once with a clear message', async () => {
    const g = s.fixture.grids[7];
    await sql`insert into households (external_code, address, region_id, region_path, grams)
      select 'BULK' || n, '砣矶村滨海路' || n || '号', ${g.id}, ${g.path}, '{}' from generate_series(1, 1961) as n`.execute(s.db);
    const admin = await login('admin');
    const r = await admin.get(`/api/service-cards?regionId=${s.fixture.district.id}&qr=false`);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('2000');
    expect(r.body.details[0].reason).toContain('社区、网格或联户组');
  });
});

describe('withdrawing a lost card (挂失补办)', () => {
  it('stops every card printed before at once, answers the new card, and audits it', async () => {
    const director = await login('director');
    const h = inCommunity(0)[1];
    const before = await director.get(`/api/service-cards/households/${h.id}`);
    expect(before.body.generation).toBe(0);
    const oldToken = tokenOf(before.body.url);
    expect(oldToken).toHaveLength(34);   // a never-withdrawn card keeps the original format
    const c = s.client();
    expect((await c.get(`/api/public/card/${oldToken}`)).status).toBe(200);

    // A reason is required; a cadre may not withdraw cards; a director not outside their community.
    const noReason = await director.post(`/api/service-cards/households/${h.id}/revoke`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', reason: expect.stringContaining('原因'), reason_en: expect.stringContaining('reason') });
    expect((await (await login('cadre')).post(`/api/service-cards/households/${h.id}/revoke`, { reason: '卡片丢失' })).status).toBe(403);
    expect((await director.post(`/api/service-cards/households/${inCommunity(1)[0].id}/revoke`, { reason: '卡片丢失' })).status).toBe(403);
    expect((await director.post('/api/service-cards/households/999999/revoke', { reason: '卡片丢失' })).status).toBe(404);

    const r = await director.post(`/api/service-cards/households/${h.id}/revoke`, { reason: '住户反映卡片丢失' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ householdId: h.id, generation: 1, revokedAt: expect.any(String) });
    const newToken = tokenOf(r.body.url);
    expect(newToken).not.toBe(oldToken);
    expect(newToken).toMatch(/^[A-Za-z0-9_-]{36}$/);   // the generation is signed into it
    // Neither cut back to the old length nor given another generation does it pass.
    const bytes = Buffer.from(newToken, 'base64url');
    const forged = [newToken.slice(0, 34), ...[0, 2, 7].map((gen) => { const b = Buffer.from(bytes); b.writeUInt16BE(gen, 9); return b.toString('base64url'); })];
    for (const bad of forged) {
      const x = await c.get(`/api/public/card/${bad}`);
      expect(x.status, bad).toBe(404);
      expect(x.body.message).toContain('服务卡无效');
    }
    expect(r.body.qrSvg).toBe(await QRCode.toString(r.body.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));

    // The old card is refused everywhere, with a message that says why; the new one works.
    const old = await c.get(`/api/public/card/${oldToken}`);
    expect(old.status).toBe(404);
    expect(old.body.message).toContain('已停用');
    expect(old.body.details[0]).toMatchObject({ field: 'token', reason: expect.stringContaining('挂失'), reason_en: expect.stringContaining('withdrawn') });
    expect((await c.post(`/api/public/card/${oldToken}/suggest`, { text: '路灯坏了' })).status).toBe(404);
    expect((await c.post('/api/public/requests', { token: oldToken, category: 'roads', text: '路面有坑' }, { 'idempotency-key': 'withdrawn-card-01' })).status).toBe(404);
    expect((await c.get(`/api/public/card/${newToken}`)).status).toBe(200);
    // Reprinting gives the new card, in the list too.
    expect(tokenOf((await director.get(`/api/service-cards/households/${h.id}`)).body.url)).toBe(newToken);
    const list = await director.get(`/api/service-cards?regionId=${s.fixture.communities[0].id}&qr=false`);
    expect(list.body.items.find((x: any) => x.householdId === h.id)).toMatchObject({ token: newToken, generation: 1 });
    expect(list.body.items.filter((x: any) => x.generation > 0)).toHaveLength(1);

    const audit = await s.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'before', 'after', 'meta']).where('entity', '=', 'service_card').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'revoke', entity_id: String(h.id), before: { generation: 0 }, after: { generation: 1 }, meta: { reason: '住户反映卡片丢失' } });

    // Withdrawn again: the second card stops too.
    const again = await director.post(`/api/service-cards/households/${h.id}/revoke`, { reason: '新卡又丢了' });
    expect(again.body.generation).toBe(2);
    expect((await c.get(`/api/public/card/${newToken}`)).status).toBe(404);
    expect((await c.get(`/api/public/card/${tokenOf(again.body.url)}`)).status).toBe(200);
  });
});
