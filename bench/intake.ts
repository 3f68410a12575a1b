// Request intake throughput on PostgreSQL over real HTTP (autocannon on loopback), through the
// full path: validation, idempotency, location, duplicate check, routing table, deadline on the
// working calendar, timeline event, audit row, inbox notices and outbox event — against a raw
// single-row INSERT ceiling measured through `pg` in the same run, with the same concurrency.
//   npx tsx bench/intake.ts [--connections 50] [--seconds 20] [--workers 1]
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { loadDemo } from '../src/features/demo/demo.service.ts';
import { createApiToken } from '../src/platform/auth.ts';
import { parseArgs } from '../src/cli/context.ts';
import { benchDatabase, PG_URL, rng } from './lib.ts';

const args = parseArgs(process.argv.slice(2));
const CONNECTIONS = Number(args.connections ?? 50);
const SECONDS = Number(args.seconds ?? 20);
const SCHEMA = 'bench_intake';

const h = await benchDatabase('postgres', SCHEMA);
const { db } = h;
if (Number((await db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) === 0) {
  console.error('loading the demo district into bench_intake …');
  await loadDemo(db, { scale: 1 });
}
await sql`truncate requests, request_events, notifications, outbox, webhook_deliveries restart identity cascade`.execute(db);
const auditBefore = Number((await sql<{ n: number }>`select count(*) as n from audit_log where entity = 'request'`.execute(db)).rows[0].n);
await sql`analyze`.execute(db);

const dispatcher = await db.selectFrom('users').select(['id']).where('role', '=', 'dispatcher').orderBy('id').executeTakeFirstOrThrow();
const token = (await createApiToken(db, dispatcher.id, 'bench-intake')).token;
const households = (await db.selectFrom('households').select('id').orderBy('id').limit(15_000).execute()).map((x) => x.id);
const categories = (await db.selectFrom('request_categories').select('id').execute()).map((x) => x.id);

// The server runs in its own process (as deployed), so the load generator does not share its thread.
const server = spawn(process.execPath, [...(args.profile ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []), '--import', 'tsx', 'bench/intake-server.ts', SCHEMA, String(args.workers ?? 1)], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve, reject) => {
  server.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]).port));
  server.once('exit', (c) => reject(new Error(`server exited ${c}`)));
});
const url = `http://127.0.0.1:${port}`;

// ---- ceiling: raw single-row INSERTs through pg, same concurrency, same table width
const raw = new pg.Pool({ connectionString: PG_URL, max: 10 });
await raw.query(`create table if not exists ${SCHEMA}.raw_insert (id serial primary key, text text not null, household_id int, category_id int, region_path text, status text, received_at timestamptz, reply_due timestamptz)`);
await raw.query(`truncate ${SCHEMA}.raw_insert`);
let rawDone = 0;
const rawLat: number[] = [];
const rawEnd = Date.now() + SECONDS * 1000;
await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
  while (Date.now() < rawEnd) {
    const t = performance.now();
    await raw.query(`insert into ${SCHEMA}.raw_insert (text, household_id, category_id, region_path, status, received_at, reply_due) values ($1, $2, $3, $4, 'received', now(), now() + interval '7 days')`,
      ['楼顶漏水，下雨天墙皮都泡掉了', households[rawDone % households.length], categories[rawDone % categories.length], '/1/2/3/4/']);
    rawLat.push(performance.now() - t);
    rawDone++;
  }
}));
await raw.end();
const ceiling = rawDone / SECONDS;

// ---- the full path
const rand = rng(7);
let n = 0;
const TEXTS = ['楼顶漏水，下雨天墙皮都泡掉了', '门口路灯坏了一个多月', '垃圾桶满了没人清运', '小区停车位太少，晚上车都停到马路上', '楼下烧烤店油烟太大'];
const result = await autocannon({
  url: `${url}/api/requests`, connections: CONNECTIONS, duration: SECONDS, method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  requests: [{
    setupRequest(req) {
      n++;
      const body = JSON.stringify({
        kind: 'demand', channel: 'hotline', categoryId: categories[Math.floor(rand() * categories.length)], text: TEXTS[n % TEXTS.length] + `（第${n}件）`,
        householdId: households[Math.floor(rand() * households.length)], requester: { name: '测试', phone: '13800001234' },
      });
      return { ...req, body, headers: { ...req.headers, 'idempotency-key': `bench-${process.pid}-${n}` } };
    },
  }],
});
await new Promise((r) => setTimeout(r, 1500)); // let requests still in flight when the clock stopped finish
const made = Number((await db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const audit = Number((await sql<{ n: number }>`select count(*) as n from audit_log where entity = 'request'`.execute(db)).rows[0].n) - auditBefore;
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
await h.close();

const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
console.log(`\nRequest intake — PostgreSQL, ${CONNECTIONS} connections, ${SECONDS} s each, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`raw single-row INSERT ceiling (pg, ${CONNECTIONS} concurrent): ${ceiling.toFixed(0)} rows/s, p50 ${q(rawLat, 0.5).toFixed(1)} ms, p99 ${q(rawLat, 0.99).toFixed(1)} ms`);
console.log(`full intake over HTTP (autocannon):         ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
console.log(`share of the ceiling:                       ${((result.requests.average / ceiling) * 100).toFixed(0)} %`);
console.log(`requests recorded ${made}, audit rows ${audit} (one per request)`);
