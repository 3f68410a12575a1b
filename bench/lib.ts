// Shared by the benchmarks: latency statistics, a database for a benchmark of its own, and
// memory sampling. Benchmarks print their figures next to a baseline measured in the same run.
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { initAuditKey } from '../src/platform/audit.ts';

export const PG_URL = process.env.LIANXIN_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 1);

/** A PostgreSQL schema (kept between runs, so a large load is done once) or a PGlite folder. */
export async function benchDatabase(engine: 'postgres' | 'pglite', name: string): Promise<DbHandle> {
  initAuditKey({ auditKey: 'bench-key', dataDir: '.tmp' });
  if (engine === 'pglite') {
    const h = await openDatabase({ databaseUrl: null, dataDir: `.tmp/bench-${name}` });
    await migrateToLatest(h.db);
    return h;
  }
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema if not exists ${name}`);
  await c.end();
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${name}`);
  const h = await openDatabase({ databaseUrl: u.toString() });
  await migrateToLatest(h.db);
  return h;
}

export function dropPglite(name: string) { fs.rmSync(`.tmp/bench-${name}`, { recursive: true, force: true }); }

/** Peak resident memory, sampled every 100 ms, and the process's own maximum. */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  return { stop() { clearInterval(t); return { peakRssMB: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576) }; } };
}

/** A deterministic PRNG so each run asks the same questions. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
