// Two server processes on one database (on PostgreSQL: the test's server and a `lianxin serve`
// child on the same schema, as `serve --workers 2` runs them; on PGlite, which serves one process,
// the same checks run against the one server). Caches: a category switched off through one server disappears
// from the other's resident page within moments, not at the 30-second expiry; a user deactivated
// through one has their API token refused by the other. Throttles: failed sign-ins from one
// address count on both servers together, and so do submissions from service cards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCardToken } from '../../src/features/liaison/cards.ts';
import { SUBMIT_LIMIT } from '../../src/features/liaison/cards.routes.ts';
import { LOGIN_FAILURES } from '../../src/platform/auth.ts';
import { TEST_AUDIT_KEY } from '../helpers/db.ts';
import { Client, startTestServer, type TestServer } from '../helpers/server.ts';

const onPostgres = !!process.env.DATABASE_URL;
let a: TestServer;
let other: { url: string; close(): Promise<void> } | null = null;

beforeAll(async () => {
  a = await startTestServer();
  if (!onPostgres) return;
  // The second server: another process (\`lianxin serve\`) on the same schema, as \`serve --workers 2\` runs one.
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(a.db);
  const u = new URL(process.env.DATABASE_URL!);
  u.searchParams.set('options', `-c search_path=${rows[0].s}`);
  const port = await new Promise<number>((resolve) => { const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as AddressInfo).port; srv.close(() => resolve(p)); }); });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-second-'));
  const child = spawn(process.execPath, ['bin/lianxin.js', 'serve', '--no-demo', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: u.toString(), LIANXIN_DATA_DIR: dataDir, LIANXIN_AUDIT_KEY: TEST_AUDIT_KEY, HOST: '127.0.0.1' }, stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until || child.exitCode !== null) throw new Error(`the second server did not start (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  other = {
    url,
    async close() {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}, 120_000);
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

describe('throttles across server processes', () => {
  it('counts failed sign-ins from one address on every server together: after 30 the address waits, even with a right password', async () => {
    const servers = [a.client(), other ? new Client(other.url) : a.client()];
    for (let i = 0; i < LOGIN_FAILURES.count; i++) {
      const r = await servers[i % 2].post('/api/auth/login', { username: `nobody${i}`, password: 'guess' });
      expect(r.status).toBe(401);
    }
    for (const c of servers) {
      const r = await c.post('/api/auth/login', { username: 'admin', password: a.users.admin.password });
      expect(r.status).toBe(429);
      expect(r.body.code).toBe('LOCKED');
    }
    const rows = await a.db.selectFrom('throttle_hits').select((eb) => eb.fn.countAll<number>().as('n')).where('bucket', '=', 'login-failure').executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(LOGIN_FAILURES.count);   // the refused attempts are not counted again
  });

  it('counts service-card submissions from one address on every server together', async () => {
    const token = issueCardToken(a.fixture.households[1].id);
    const servers = [a.client(), other ? new Client(other.url) : a.client()];
    const statuses: number[] = [];
    for (let i = 0; i < SUBMIT_LIMIT.count + 1; i++) {
      const r = await servers[i % 2].post('/api/public/requests', { token, category: 'roads', text: `路面有坑，第${i}次` }, { 'idempotency-key': `processes-${String(i).padStart(4, '0')}` });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, SUBMIT_LIMIT.count)).toEqual(Array(SUBMIT_LIMIT.count).fill(201));
    expect(statuses.at(-1)).toBe(429);
  });
});
