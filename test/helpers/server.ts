// The real server over real HTTP on a fresh database with the fixture district.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { freshDatabase } from './db.ts';
import { loadFixture, type Fixture } from './fixture.ts';

export interface TestServer {
  url: string;
  db: Awaited<ReturnType<typeof freshDatabase>>['db'];
  engine: 'pglite' | 'postgres';
  fixture: Fixture;
  users: Fixture['users'];
  client(): Client;
  login(username: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const h = await freshDatabase();
  const fixture = await loadFixture(h.db);
  const config = { ...loadConfig({}), databaseUrl: null, dataDir: '.tmp' };
  const app = await buildApp({ db: h.db, config, engine: h.engine });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const client = () => new Client(url);
  return {
    url, db: h.db, engine: h.engine, fixture, users: fixture.users, client,
    async login(username: string) {
      const c = client();
      const r = await c.post('/api/auth/login', { username, password: fixture.users[username].password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    async close() { await app.close(); await h.close(); },
  };
}

export interface Res<T = any> { status: number; body: T; headers: Headers }

/** A tiny cookie-keeping HTTP client that sends the CSRF header like the web app does. */
export class Client {
  cookies = new Map<string, string>();
  bearer: string | null = null;
  constructor(readonly base: string) {}
  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('lx_csrf');
    if (csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(body); }
    const r = await fetch(this.base + path, { method, headers: h, body: payload });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const v = kv.slice(i + 1);
      if (v) this.cookies.set(kv.slice(0, i), v); else this.cookies.delete(kv.slice(0, i));
    }
    const type = r.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer());
    return { status: r.status, body: data as T, headers: r.headers };
  }
  get<T = any>(p: string) { return this.request<T>('GET', p); }
  post<T = any>(p: string, b?: unknown, h?: Record<string, string>) { return this.request<T>('POST', p, b ?? {}, h); }
  patch<T = any>(p: string, b: unknown) { return this.request<T>('PATCH', p, b); }
  put<T = any>(p: string, b: unknown) { return this.request<T>('PUT', p, b); }
  del<T = any>(p: string) { return this.request<T>('DELETE', p); }
}
