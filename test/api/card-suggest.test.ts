// POST /api/public/card/:token/suggest over real HTTP on a real database (PGlite, or PostgreSQL
// with DATABASE_URL): the resident's card page asks which categories a text is likely about. The
// answer is the top three categories and nothing else (no departments, nothing about the
// household); the token is checked exactly as the card page's own (tampered, malformed, expired
// and unknown cards refused with a 4xx); a retired category is not offered; one address is
// throttled without locking it out of the card itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCardToken } from '../../src/features/liaison/cards.ts';
import { SUGGEST_LIMIT } from '../../src/features/liaison/cards.routes.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let admin: Client;
let token: string;
let household: { id: number; address: string };
const LIGHTS = '小区门口的路灯坏了半个月，晚上老人出门看不见路';
const suggest = (text: unknown, t = token) => s.client().post(`/api/public/card/${encodeURIComponent(t)}/suggest`, { text });

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
  household = s.fixture.households[0];
  // The card the office prints for this household carries this token.
  const director = await s.login('director');
  const card = await director.get(`/api/service-cards/households/${household.id}`);
  expect(card.status, JSON.stringify(card.body)).toBe(200);
  token = card.body.token;
  expect(token).toBe(issueCardToken(household.id));
}, 120_000);
afterAll(async () => { await s?.close(); });

describe('category suggestions on the resident’s card page', () => {
  it('answers the top three categories — id, code, name, score — and nothing else', async () => {
    const r = await suggest(LIGHTS);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(r.body)).toEqual(['categories']);
    const cats = r.body.categories as { id: number; code: string; name: string; score: number }[];
    expect(cats.length).toBeGreaterThan(0);
    expect(cats.length).toBeLessThanOrEqual(3);
    for (const c of cats) {
      expect(Object.keys(c).sort()).toEqual(['code', 'id', 'name', 'score']);
      expect(c.score).toBeGreaterThan(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    expect(cats[0]).toMatchObject({ code: 'street-lighting', name: '路灯照明' });
    // Best first, and the same ids and names as the catalogue.
    expect([...cats].sort((a, b) => b.score - a.score)).toEqual(cats);
    const catalogue = new Map(((await admin.get('/api/categories')).body as { id: number; code: string; name: string }[]).map((c) => [c.id, c]));
    for (const c of cats) expect(catalogue.get(c.id)).toMatchObject({ code: c.code, name: c.name });
    // Nothing about departments or the household.
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/department|住房和城乡建设局|连心服务办公室/i);
    const head = await s.db.selectFrom('households').select(['head_name', 'address']).where('id', '=', household.id).executeTakeFirstOrThrow();
    for (const secret of [head.head_name!, head.address, '滨海路']) expect(text).not.toContain(secret);
  });

  it('another matter, another answer; an empty or wordless text gets no suggestions; a long one is refused', async () => {
    const leak = await suggest('楼顶漏水，下雨天墙皮都泡掉了，老人住着不安全');
    expect(leak.body.categories[0].code).toBe('housing-property');
    expect((await suggest('')).body).toEqual({ categories: [] });
    expect((await suggest('   ')).body).toEqual({ categories: [] });
    expect((await suggest('😀😀')).body).toEqual({ categories: [] });
    const long = await suggest('路'.repeat(2001));
    expect(long.status).toBe(400);
    expect(long.body.details[0].field).toBe('text');
    expect((await suggest(42)).status).toBe(400);
  });

  it('refuses a tampered, malformed, expired or unknown card with a 4xx, as the card page does', async () => {
    const flip = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    const other = Buffer.from(token, 'base64url');
    other.writeUInt32BE(s.fixture.households[12].id, 1);    // another household's id under this card's signature
    for (const bad of [flip, token.slice(0, -1) + (token.endsWith('A') ? 'Q' : 'A'), 'abc', '1', token + 'x', other.toString('base64url')]) {
      const r = await suggest(LIGHTS, bad);
      expect(r.status, bad).toBe(404);
      expect(r.body.message).toContain('服务卡无效');
      expect(r.body.details[0].field).toBe('token');
      expect(r.body).not.toHaveProperty('categories');
      // Exactly what the card page itself answers for the same token.
      const page = await s.client().get(`/api/public/card/${encodeURIComponent(bad)}`);
      expect([page.status, page.body.details]).toEqual([r.status, r.body.details]);
    }
    const expired = await suggest(LIGHTS, issueCardToken(household.id, '2020-12-31'));
    expect(expired.status).toBe(404);
    expect(expired.body.message).toContain('已过期');
    const unknown = await suggest(LIGHTS, issueCardToken(99_999));
    expect(unknown.status).toBe(404);
    expect(unknown.body.details[0].reason).toContain('不在系统中');
  });

  it('does not offer a retired category', async () => {
    const cats = (await admin.get('/api/categories')).body as { id: number; code: string; version: number }[];
    const lights = cats.find((c) => c.code === 'street-lighting')!;
    const off = await admin.patch(`/api/categories/${lights.id}`, { active: false, version: lights.version });
    expect(off.status).toBe(200);
    try {
      const r = await suggest(LIGHTS);
      expect(r.status).toBe(200);
      expect(r.body.categories.map((c: any) => c.code)).not.toContain('street-lighting');
    } finally {
      expect((await admin.patch(`/api/categories/${lights.id}`, { active: true, version: off.body.version })).status).toBe(200);
    }
    expect((await suggest(LIGHTS)).body.categories[0].code).toBe('street-lighting');
  });

  it(`throttles one address at ${SUGGEST_LIMIT.count} per ${SUGGEST_LIMIT.minutes} minutes, without locking it out of the card`, async () => {
    let refused: Awaited<ReturnType<typeof suggest>> | null = null;
    for (let i = 0; i <= SUGGEST_LIMIT.count && !refused; i++) {
      const r = await suggest(`路灯坏了${i}`);
      if (r.status === 429) refused = r;
      else expect(r.status).toBe(200);
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.body.message).toContain('太频繁');
    expect(refused!.body).not.toHaveProperty('categories');
    // A forged card is throttled too (the count comes before the check) …
    expect((await suggest(LIGHTS, 'abc')).status).toBe(429);
    // … and the card page and submitting still work.
    expect((await s.client().get(`/api/public/card/${token}`)).status).toBe(200);
  });
});
