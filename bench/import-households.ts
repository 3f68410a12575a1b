// Import benchmark: a generated households CSV (default 1,000,000 rows over 1,000 grids)
// imported into PostgreSQL through the same service the CLI and the web upload use, in a
// schema of its own (dropped afterwards unless --keep). Baselines measured in the same run:
// reading the CSV alone, reading + validating, and a raw `unnest` insert of the same rows
// into a copy of the households table (same indexes) without lookups, upsert or audit.
// Each phase also reports the CPU time this Node process spent in it (the rest is waiting).
//
//   npx tsx bench/import-households.ts [--rows 1000000] [--grids 1000] [--mode all|valid] [--batch 4000] [--parallel 2] [--keep]
//   DATABASE_URL selects the server (default postgres://postgres@127.0.0.1:5432/test).
import { regionPrefixes } from '../src/features/households/search-prefixes.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DB } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { initAuditKey } from '../src/platform/audit.ts';
import { SYSTEM_ACTOR } from '../src/platform/access.ts';
import { COLUMNS, isBlankRow, mapHeaders, validateRow } from '../src/domain/import-rows.ts';
import { readCsv } from '../src/features/imports/import.reader.ts';
import { runImport, type ImportMode } from '../src/features/imports/import.service.ts';
import { parseArgs } from '../src/cli/context.ts';

const args = parseArgs(process.argv.slice(2));
const ROWS = Number(args.rows ?? 1_000_000);
const GRIDS = Number(args.grids ?? 1000);
const MODE = (args.mode ?? 'all') as ImportMode;
const BATCH = Number(args.batch ?? 4000);
const PARALLEL = args.parallel ? Number(args.parallel) : undefined; // default: the kind's own (2 for households)
const URL_ = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const OUT = path.resolve('bench/out');
const FILE = path.join(OUT, `households-${ROWS}.csv`);
const TAGS = ['低保户', '困难户', '五老', '独居老人', '重病', '残疾', '党员户'];
const gridCode = (g: number) => `BG${String(g).padStart(5, '0')}`;

// ── memory: peak RSS per phase, sampled every 100 ms ────────────────────────────────
let phasePeak = 0;
const sampler = setInterval(() => { phasePeak = Math.max(phasePeak, process.memoryUsage().rss); }, 100);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const results: { phase: string; rows: number; seconds: number; peak: number; cpu: number }[] = [];
async function phase<T extends number>(name: string, fn: () => Promise<T>) {
  global.gc?.();
  phasePeak = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const rows = await fn();
  const c = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  phasePeak = Math.max(phasePeak, process.memoryUsage().rss);
  results.push({ phase: name, rows, seconds, peak: phasePeak, cpu: (c.user + c.system) / 1e6 });
  console.error(`  ${name}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s`);
}

async function generate() {
  if (fs.existsSync(FILE) && !args.regen) return;
  fs.mkdirSync(OUT, { recursive: true });
  const out = fs.createWriteStream(FILE);
  const header = COLUMNS.households.map((c) => c.header).join(',') + '\n';
  out.write('\ufeff' + header);
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const g = i % GRIDS;
    const tags = i % 7 === 0 ? TAGS[i % TAGS.length] : i % 13 === 0 ? '独居老人、五老' : '';
    const geo = i % 2 === 0 ? `${(37 + (g % 100) / 1000).toFixed(4)},${(120 + g / 10000).toFixed(4)}` : ',';
    buf += `H${String(i).padStart(8, '0')},第${Math.floor(g / 100) + 1}街道${g % 100 + 1}社区幸福路${Math.floor(i / 100) % 500 + 1}号${i % 100 + 1}01室,${gridCode(g)},,${tags},${i % 50 === 0 ? '"新迁入,待核实"' : ''},${geo}\n`;
    if (buf.length > 1 << 16) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function regionTree(db: DB) {
  const district = await db.insertInto('regions').values({ level: 'district', code: 'BD', name: '基准区', path: '/' }).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('regions').set({ path: `/${district.id}/` }).where('id', '=', district.id).execute();
  const streets = Math.max(1, Math.ceil(GRIDS / 100)), communities = Math.max(1, Math.ceil(GRIDS / 10));
  // Set-based: parents first, paths from the parent's path.
  await sql`insert into regions (parent_id, level, code, name, path)
    select ${district.id}, 'street', 'BS' || s, '街道' || s, '' from generate_series(0, ${streets - 1}::int) s`.execute(db);
  await sql`update regions set path = ${`/${district.id}/`} || id || '/' where level = 'street'`.execute(db);
  await sql`insert into regions (parent_id, level, code, name, path)
    select p.id, 'community', 'BC' || c, '社区' || c, '' from generate_series(0, ${communities - 1}::int) c
    join regions p on p.code = 'BS' || (c * ${streets}::int / ${communities}::int)`.execute(db);
  await sql`update regions r set path = p.path || r.id || '/' from regions p where r.level = 'community' and p.id = r.parent_id`.execute(db);
  await sql`insert into regions (parent_id, level, code, name, path)
    select p.id, 'grid', 'BG' || lpad(g::text, 5, '0'), '网格' || g, '' from generate_series(0, ${GRIDS - 1}::int) g
    join regions p on p.code = 'BC' || (g * ${communities}::int / ${GRIDS}::int)`.execute(db);
  await sql`update regions r set path = p.path || r.id || '/' from regions p where r.level = 'grid' and p.id = r.parent_id`.execute(db);
  for (const [i, name] of TAGS.entries()) await db.insertInto('household_tags').values({ name, sort: i }).execute();
}

async function rawInsert(db: DB): Promise<number> {
  await sql`create table households_raw (like households including all)`.execute(db);
  const grids = new Map((await db.selectFrom('regions').select(['id', 'code', 'path']).where('level', '=', 'grid').execute()).map((g) => [g.code, g]));
  const prefixes = await regionPrefixes(db);
  let rows: string[][] = [], n = 0;
  const flush = async () => {
    const g = rows.map((r) => grids.get(r[2])!);
    await sql`insert into households_raw (external_code, address, region_id, region_path, tags, notes, lat, lng, grams)
      select t.c, t.a, t.rid, t.rp, string_to_array(t.tags, chr(31)), t.notes, t.lat, t.lng, string_to_array(t.grams, chr(31))
      from unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::text[], ${g.map((x) => x.id)}::int4[], ${g.map((x) => x.path)}::text[],
        ${rows.map((r) => (r[4] ? r[4].split('、') : []).join('\x1f'))}::text[], ${rows.map((r) => r[5] || null)}::text[],
        ${rows.map((r) => (r[6] ? Number(r[6]) : null))}::float8[], ${rows.map((r) => (r[7] ? Number(r[7]) : null))}::float8[],
        ${rows.map((r, i) => prefixes.search(r[1], null, g[i].path).grams.join('\x1f'))}::text[]) as t(c, a, rid, rp, tags, notes, lat, lng, grams)`.execute(db);
    n += rows.length;
    rows = [];
  };
  let header = true;
  for await (const { cells } of readCsv(FILE)) {
    if (header) { header = false; continue; }
    rows.push(cells);
    if (rows.length >= BATCH) await flush();
  }
  if (rows.length) await flush();
  return n;
}

async function main() {
  console.error(`import benchmark: ${ROWS.toLocaleString('en')} households over ${GRIDS} grids, mode ${MODE}, batch ${BATCH}, parallel ${PARALLEL ?? 'default'}`);
  initAuditKey({ auditKey: 'bench-audit-key', dataDir: '.tmp' });
  await phase('generate CSV', async () => { await generate(); return ROWS; });
  const schema = 'bench_' + randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const u = new URL(URL_);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const h = await openDatabase({ databaseUrl: u.toString() });
  try {
    await migrateToLatest(h.db);
    await regionTree(h.db);
    const version = (await sql<{ v: string }>`select version() as v`.execute(h.db)).rows[0].v.split(' on ')[0];
    await phase('baseline: read CSV', async () => { let n = 0; for await (const _ of readCsv(FILE)) n++; return n - 1; });
    await phase('baseline: read + validate', async () => {
      let n = 0, map = null as ReturnType<typeof mapHeaders>['map'] | null;
      for await (const { row, cells } of readCsv(FILE)) {
        if (isBlankRow(cells)) continue;
        if (!map) { map = mapHeaders('households', cells).map; continue; }
        if (validateRow('households', map, cells, row).value) n++;
      }
      return n;
    });
    await phase('baseline: raw unnest insert (no checks, no upsert, no audit)', () => rawInsert(h.db));
    let last: Awaited<ReturnType<typeof runImport>> | null = null;
    const imp = () => runImport(h.db, { kind: 'households', file: FILE, filename: path.basename(FILE), mode: MODE, actor: SYSTEM_ACTOR, batchSize: BATCH, parallel: PARALLEL })
      .then((r) => { last = r; if (r.problemCount) console.error(r.problems.slice(0, 5)); return r.total; });
    await phase(`import (new rows, mode ${MODE}, audited)`, imp);
    const first = last!;
    await phase(`re-import (all unchanged, mode ${MODE})`, imp);
    const second = last!;
    const audit = Number((await sql<{ n: number }>`select count(*) as n from audit_log`.execute(h.db)).rows[0].n);
    clearInterval(sampler);

    console.log(`\n${version}, Node ${process.version}, ${ROWS.toLocaleString('en')} rows, ${(fs.statSync(FILE).size / 1048576).toFixed(0)} MB CSV, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${'phase'.padEnd(62)} ${'rows/s'.padStart(10)} ${'seconds'.padStart(8)} ${'node CPU s'.padStart(10)} ${'peak RSS'.padStart(9)}`);
    for (const r of results.slice(1)) {
      console.log(`${r.phase.padEnd(62)} ${Math.round(r.rows / r.seconds).toLocaleString('en').padStart(10)} ${r.seconds.toFixed(1).padStart(8)} ${r.cpu.toFixed(1).padStart(10)} ${mb(r.peak).padStart(9)}`);
    }
    const raw = results.find((r) => r.phase.startsWith('baseline: raw'))!, im = results.find((r) => r.phase.startsWith('import'))!;
    console.log(`\nimport ${first.inserted.toLocaleString('en')} inserted, ${first.failed} failed; re-import ${second.unchanged.toLocaleString('en')} unchanged, ${second.inserted + second.updated} written; audit rows ${audit.toLocaleString('en')}`);
    console.log(`import speed = ${(raw.seconds / im.seconds * 100).toFixed(0)}% of the raw insert baseline; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    if (!args.keep) await admin.query(`drop schema ${schema} cascade`);
    else console.log(`kept schema ${schema}`);
    await admin.end();
    await h.close();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; clearInterval(sampler); });
