#!/usr/bin/env node
// npm test: the whole suite on the embedded database, then every database-backed test again on
// the real PostgreSQL (DATABASE_URL, default 127.0.0.1:5432/test). On CI a missing PostgreSQL
// fails the run; on a laptop without one it is skipped with a warning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const PG_URL = process.env.LIANXIN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const extra = process.argv.slice(2);
fs.mkdirSync('.tmp', { recursive: true });

function vitest(label, env, args) {
  const out = `.tmp/vitest-${label}.json`;
  fs.rmSync(out, { force: true });
  console.log(`\n=== ${label} ===`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args, ...extra],
    { stdio: 'inherit', env: { ...process.env, ...env } });
  let passed = 0, failed = 0;
  try { const j = JSON.parse(fs.readFileSync(out, 'utf8')); passed = j.numPassedTests; failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0); }
  catch { failed += 1; }
  if (r.status !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

async function pgReachable() {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try { await c.connect(); await c.end(); return true; } catch { return false; }
}

const runs = [];
const embedded = { ...process.env };
delete embedded.DATABASE_URL;
runs.push(vitest('embedded (PGlite)', { DATABASE_URL: '' }, ['--exclude', 'test/browser/**']));
// Browser flows one file at a time: two Chromiums and their servers at once overload 2 cores.
runs.push(vitest('browser (Chromium, PGlite)', { DATABASE_URL: '' }, ['test/browser', '--no-file-parallelism']));
if (await pgReachable()) runs.push(vitest('PostgreSQL', { DATABASE_URL: PG_URL }, ['test/api', 'test/db']));
else if (process.env.CI) { console.error(`PostgreSQL not reachable at ${PG_URL}`); runs.push({ passed: 0, failed: 1 }); }
else console.warn(`\n⚠ PostgreSQL not reachable at ${PG_URL}: the PostgreSQL half of the suite was skipped.`);

const passed = runs.reduce((a, r) => a + r.passed, 0), failed = runs.reduce((a, r) => a + r.failed, 0);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
