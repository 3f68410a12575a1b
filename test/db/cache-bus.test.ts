// Cached reference data across server processes: two servers on one database (on PostgreSQL a
// second app with its own connection pool, as `serve --workers 2` runs them). A category switched
// off through one server disappears from the other's resident page within moments, not at the
// 30-second expiry; a user deactivated through one has their API token refused by the other.
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase, type DbHandle } from '../../src/db/connection.ts';
import { issueCardToken } from '../../src/features/liaison/cards.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { Client, startTestServer, type TestServer } from '../helpers/server.ts';

const onPostgres = !!process.env.DATABASE_URL;
let a: TestServer;
let other: { url: string; close(): Promise<void> } | null = null;

beforeAll(async () => {
  a = await startTestServer();
  if (!onPostgres) return;
  // The second server: the same schema through a pool and a listener of its own.
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(a.db);
  const u = new URL(process.env.DATABASE_URL!);
  u.searchParams.set('options', `-c search_path=${rows[0].s}`);
  const h: DbHandle = await openDatabase({ databaseUrl: u.toString() });
  const app = await buildApp({ db: h.db, config: { ...loadConfig({}), databaseUrl: null, dataDir: '.tmp' }, engine: h.engine });
  await app.listen({ port: 0, host: '127.0.0.1' });
  other = { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, async close() { await app.close(); await h.close(); } };
});
afterAll(async () => { await other?.close(); await a?.close(); });

/** Poll until `ok` or 5 s (the caches' own expiry is 10–30 s, so passing means a notice arrived). */
async function soon(ok: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) { if (await ok()) return true; await new Promise((r) => setTimeout(r, 100)); }
  return false;
}

describe('caches across server processes', () => {
  it('a category switched off on one server leaves the other’s resident page at once', async () => {
    const b = other ? new Client(other.url) : a.client();
    const card = `/api/public/card/${issueCardToken(a.fixture.households[0].id)}`;
    const names = async () => ((await b.get(card)).body.categories as { code: string }[]).map((c) => c.code);
    expect(await names()).toContain('pests');   // now cached on the second server
    const admin = await a.login('admin');
    const cats = (await admin.get('/api/categories?q=pests')).body;
    const pests = (cats.items ?? cats).find((c: any) => c.code === 'pests');
    const r = await admin.patch(`/api/categories/${pests.id}`, { active: false, version: pests.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await soon(async () => !(await names()).includes('pests'))).toBe(true);
  });

  it('a user deactivated on one server has their API token refused by the other', async () => {
    const director = await a.login('director');
    const token = (await director.post('/api/auth/tokens', { name: '对接系统' })).body.token;
    const m = other ? new Client(other.url) : a.client();
    m.bearer = token;
    expect((await m.get('/api/households')).status).toBe(200);   // the token's user is cached there now
    const admin = await a.login('admin');
    const users = (await admin.get('/api/users')).body;
    const d = (users.items ?? users).find((u: any) => u.username === 'director');
    const r = await admin.patch(`/api/users/${d.id}`, { active: false, version: d.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await soon(async () => (await m.get('/api/households')).status === 401)).toBe(true);
  });
});
