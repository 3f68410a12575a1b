// API tokens over real HTTP: a user lists their own (never the secret) and revokes one, which is
// refused from then on; a second revoke is a 409; a user manager sees and revokes tokens of users
// in their scope only; everything is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

describe('API tokens', () => {
  it('lists a user’s own tokens without the secret, and a revoked token is refused at once', async () => {
    const director = await s.login('director');
    const made = await director.post('/api/auth/tokens', { name: '短信网关' });
    const other = await director.post('/api/auth/tokens', { name: '报表系统' });
    const m = s.client();
    m.bearer = made.body.token;
    expect((await m.get('/api/households')).status).toBe(200);

    const list = await director.get('/api/auth/tokens');
    expect(list.status).toBe(200);
    expect(list.body.user.username).toBe('director');
    expect(list.body.items.map((t: any) => t.name)).toEqual(['报表系统', '短信网关']);
    expect(list.body.items[1]).toMatchObject({ id: made.body.id, prefix: made.body.token.slice(0, 10), active: true, revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);

    const r = await director.del(`/api/auth/tokens/${made.body.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: made.body.id, active: false, revokedAt: expect.any(String) });
    const refused = await m.get('/api/households');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain('吊销');
    const again = await director.del(`/api/auth/tokens/${made.body.id}`);
    expect(again.status).toBe(409);
    expect(again.body.details[0]).toMatchObject({ field: 'id', reason: expect.stringContaining('已于'), reason_en: expect.stringContaining('revoked already') });
    // The other token still works.
    const m2 = s.client();
    m2.bearer = other.body.token;
    expect((await m2.get('/api/households')).status).toBe(200);
    const audit = await s.db.selectFrom('audit_log').select(['action', 'entity_id', 'meta']).where('entity', '=', 'api_token').where('action', '=', 'revoke').execute();
    expect(audit).toEqual([{ action: 'revoke', entity_id: String(made.body.id), meta: { user: 'director' } }]);
  });

  it('lets a user manager see and revoke other users’ tokens, and nobody else', async () => {
    const cadre = await s.login('cadre');
    const t = await cadre.post('/api/auth/tokens', { name: '走访App' });
    const cadreId = (await cadre.get('/api/auth/me')).body.id ?? (await s.db.selectFrom('users').select('id').where('username', '=', 'cadre').executeTakeFirstOrThrow()).id;
    // Another ordinary user may neither see nor revoke them.
    const grid = await s.login('grid');
    expect((await grid.get(`/api/auth/tokens?userId=${cadreId}`)).status).toBe(403);
    expect((await grid.del(`/api/auth/tokens/${t.body.id}`)).status).toBe(403);
    expect((await grid.del("/api/auth/tokens/999999")).status).toBe(404);
    // The administrator may.
    const admin = await s.login('admin');
    const seen = await admin.get(`/api/auth/tokens?userId=${cadreId}`);
    expect(seen.body.items.map((x: any) => x.name)).toEqual(['走访App']);
    expect((await admin.del(`/api/auth/tokens/${t.body.id}`)).status).toBe(200);
    expect((await cadre.get('/api/auth/tokens')).body.items[0].active).toBe(false);
  });
});
