// Notifications beyond the inbox: outbox → webhooks with HMAC signatures and retries, to a real
// HTTP receiver; deadline warnings reach the department once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, fanOut, signature, subscribed, warnDeadlines } from '../../src/features/requests/delivery.ts';
import { startTestServer, type Client, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let receiver: Server;
let receiverUrl = '';
const received: { headers: Record<string, string>; body: string }[] = [];
let failNext = 0;
const sessions = new Map<string, Promise<Client>>();
const login = (u: string) => { if (!sessions.has(u)) sessions.set(u, s.login(u)); return sessions.get(u)!; };

beforeAll(async () => {
  s = await startTestServer();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failNext > 0) { failNext--; res.statusCode = 500; res.end('busy'); return; }
      received.push({ headers: req.headers as Record<string, string>, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => { receiver?.close(); await s?.close(); });

describe('webhooks', () => {
  it('matches event filters', () => {
    expect(subscribed([], 'request.dispatch')).toBe(true);
    expect(subscribed(['request.*'], 'request.dispatch')).toBe(true);
    expect(subscribed(['request.reply'], 'request.dispatch')).toBe(false);
  });

  it('delivers signed events, retries a failure, and keeps what was not yet sent', async () => {
    const admin = await login('admin'), cadre = await login('cadre'), office = await login('dispatcher');
    const created = await admin.post('/api/webhooks', { name: '短信网关', url: receiverUrl, events: ['request.dispatch', 'request.received'] });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify((await admin.get('/api/webhooks')).body)).not.toContain(secret);
    expect((await cadre.get('/api/webhooks')).status).toBe(403);

    const cats = (await admin.get('/api/categories')).body;
    const r = (await cadre.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cats[0].id, text: '路面塌了个坑', householdId: s.fixture.households[0].id })).body.request;
    const d = await office.post(`/api/requests/${r.id}/actions/dispatch`, { version: r.version, departmentId: s.fixture.departments.housing.id });
    expect(d.status).toBe(200);

    // A "restart": nothing has been delivered yet, the outbox holds the events.
    expect(await fanOut(s.db)).toBeGreaterThanOrEqual(2);
    failNext = 1;
    const first = await deliverDue(s.db);
    expect(first.delivered).toBe(1);
    const pending = await s.db.selectFrom('webhook_deliveries').selectAll().where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    expect(pending[0].last_error).toBe('HTTP 500');
    expect(pending[0].attempts).toBe(1);
    // Not due again until the back-off has passed.
    expect((await deliverDue(s.db)).delivered).toBe(0);
    const later = await deliverDue(s.db, { now: new Date(Date.now() + 5 * 60_000) });
    expect(later.delivered).toBe(1);

    const events = received.map((x) => JSON.parse(x.body));
    expect(events.map((e) => e.event).sort()).toEqual(['request.dispatch', 'request.received']);
    expect(events.find((e) => e.event === 'request.dispatch').data.id).toBe(r.id);
    for (const x of received) {
      expect(x.headers['x-lianxin-signature']).toBe(signature(secret, x.headers['x-lianxin-timestamp'], x.body));
    }
    const list = (await admin.get(`/api/webhooks/${created.body.id}/deliveries`)).body;
    expect(list.every((x: any) => x.status === 'delivered')).toBe(true);
  });
});

describe('deadline warnings', () => {
  it('warns the department once when a request runs late', async () => {
    const cadre = await login('cadre'), office = await login('dispatcher'), dept = await login('handler');
    const cats = (await cadre.get('/api/categories')).body;
    const r = (await cadre.post('/api/requests', { kind: 'demand', channel: 'hotline', categoryId: cats[0].id, text: '下水道堵了一个月', householdId: s.fixture.households[3].id, receivedAt: '2026-09-01T09:00:00+08:00' })).body.request;
    expect(r.colour).toBe('red');
    await office.post(`/api/requests/${r.id}/actions/dispatch`, { version: r.version, departmentId: s.fixture.departments.housing.id });
    expect(await warnDeadlines(s.db)).toBeGreaterThanOrEqual(1);
    expect(await warnDeadlines(s.db)).toBe(0);
    const inbox = (await dept.get('/api/notifications')).body.items.filter((n: any) => n.requestId === r.id && n.kind === 'overdue');
    expect(inbox).toHaveLength(1);
    const board = (await office.get('/api/requests?colour=red')).body.items;
    expect(board.map((x: any) => x.id)).toContain(r.id);
  });
});
