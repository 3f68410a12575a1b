// Household search latency: name, address fragment, tag and region filters, through the same
// repository call the API makes, with the count the list page shows.
//   npx tsx bench/search.ts --engine postgres --scale 100   (loads the ×100 district once, into schema bench_x100)
//   npx tsx bench/search.ts --engine pglite --scale 1       (the demo district on the embedded database)
// Baseline in the same run: a primary-key lookup of one household (the floor any query pays).
import { sql } from 'kysely';
import { parseArgs } from '../src/cli/context.ts';
import { SYSTEM_ACTOR, type Actor } from '../src/platform/access.ts';
import { listHouseholds } from '../src/features/households/households.repo.ts';
import { loadDemo } from '../src/features/demo/demo.service.ts';
import { benchDatabase, fmt, rng, stats } from './lib.ts';

const args = parseArgs(process.argv.slice(2));
const engine = (args.engine === 'pglite' ? 'pglite' : 'postgres') as 'pglite' | 'postgres';
const scale = Number(args.scale ?? (engine === 'pglite' ? 1 : 100));
const N = Number(args.n ?? 200);
const name = `bench_x${scale}`;

const h = await benchDatabase(engine, name);
const { db } = h;
const have = Number((await db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
if (have === 0) {
  console.error(`loading the ×${scale} demo district into ${engine} (${name}) …`);
  const t = Date.now();
  await loadDemo(db, { scale, onProgress: (n) => { if (n % 200_000 < 5000) console.error(`  ${n.toLocaleString('en')} rows`); } });
  console.error(`loaded in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  if (engine === 'postgres') await sql`analyze`.execute(db);
}
const total = Number((await db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

// Questions drawn from the data itself, so every query is realistic and most have answers.
const rand = rng(42);
const sample = await db.selectFrom('households').select(['id', 'address', 'head_name', 'tags']).where('id', 'in',
  Array.from({ length: 400 }, () => 1 + Math.floor(rand() * total))).execute();
const tags = (await db.selectFrom('household_tags').select('name').execute()).map((t) => t.name);
const regions = await db.selectFrom('regions').select(['id', 'path', 'level']).where('level', 'in', ['street', 'community', 'grid']).execute();
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const fragmentOf = (s: string) => { const c = Array.from(s); const len = 3 + Math.floor(rand() * 4); const at = Math.floor(rand() * Math.max(1, c.length - len)); return c.slice(at, at + len).join(''); };
const community = regions.filter((r) => r.level === 'community');
const cadre: Actor = { ...SYSTEM_ACTOR, username: 'bench-cadre', role: 'cadre', scope: { regionPath: pick(community).path, departmentId: null, householdId: null } };

const kinds: Record<string, () => [Actor, Record<string, unknown>, string?]> = {
  'name (head of household, fragment)': () => [SYSTEM_ACTOR, { name: Array.from(pick(sample).head_name ?? '王').slice(-2).join('') }],
  'address fragment': () => [SYSTEM_ACTOR, { address: fragmentOf(pick(sample).address) }],
  'tag': () => [SYSTEM_ACTOR, { tags: pick(tags) }],
  'region (street / community / grid)': () => { const r = pick(regions); return [SYSTEM_ACTOR, {}, r.path]; },
  'tag + region': () => { const r = pick(community); return [SYSTEM_ACTOR, { tags: pick(tags) }, r.path]; },
  'community cadre, address fragment': () => [cadre, { address: fragmentOf(pick(sample).address) }],
};

async function time(f: () => Promise<unknown>) { const t = process.hrtime.bigint(); await f(); return Number(process.hrtime.bigint() - t) / 1e6; }

// Warm up caches the way a running server has them warm.
for (let i = 0; i < 30; i++) for (const k of Object.values(kinds)) { const [a, f, p] = k(); await listHouseholds(db, a, { page: 1, pageSize: 20, ...f } as never, p); }

const baseline = [];
for (let i = 0; i < N; i++) { const id = pick(sample).id; baseline.push(await time(() => db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst())); }

console.log(`\nHousehold search — ${engine}, ×${scale} district (${total.toLocaleString('en')} households), ${N} queries each, page of 20 with capped count`);
console.log(`${'query'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}  avg hits`);
const b = stats(baseline);
console.log(`${'baseline: primary-key lookup'.padEnd(38)} ${fmt(b.p50).padStart(8)} ${fmt(b.p95).padStart(8)} ${fmt(b.p99).padStart(8)} ${fmt(b.max).padStart(8)}`);
for (const [label, make] of Object.entries(kinds)) {
  const ms: number[] = []; let hits = 0;
  const slowest: [number, string][] = [];
  for (let i = 0; i < N; i++) {
    const [a, f, p] = make();
    const t = await time(async () => { const r = await listHouseholds(db, a, { page: 1, pageSize: 20, ...f } as never, p); hits += r.total; });
    ms.push(t);
    slowest.push([t, JSON.stringify({ ...f, ...(p ? { region: p } : {}) })]);
  }
  const s = stats(ms);
  console.log(`${label.padEnd(38)} ${fmt(s.p50).padStart(8)} ${fmt(s.p95).padStart(8)} ${fmt(s.p99).padStart(8)} ${fmt(s.max).padStart(8)}  ${Math.round(hits / N)}`);
  if (args.slowest) console.log('   slowest: ' + slowest.sort((x, y) => y[0] - x[0]).slice(0, 3).map(([t, q]) => `${fmt(t)} ms ${q}`).join(' | '));
}
await h.close();
