// The deployment's own labels for retraining category suggestion: every top-level request the
// office dispatched carries the category it confirmed (a correction at dispatch is a label too).
// Read in id order, a page at a time, so a million rows stream; one in ten (by id) is held out
// to judge the new model against the current one on the deployment's own requests. A nightly
// winner is stored in the database (model-store.ts saveCurrentModel), so every server uses it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DB } from '../../db/connection.ts';
import type { Example } from '../../domain/classify/model.ts';
import { saveCurrentModel, sha256Hex, type ModelEvaluation, type StoredModel } from './model-store.ts';

const PAGE = 10_000;
export const isHeldOut = (id: number) => id % 10 === 0;

export async function* historyFromDb(db: DB, part: 'train' | 'heldOut', counts = { rows: 0 }): AsyncGenerator<Example> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('requests as r').innerJoin('request_categories as c', 'c.id', 'r.category_id')
      .select(['r.id', 'r.text', 'c.code']).where('r.id', '>', after).where('r.parent_id', 'is', null).where('r.dispatched_at', 'is not', null)
      .where('r.status', '<>', 'merged').orderBy('r.id').limit(PAGE).execute();
    if (!rows.length) return;
    for (const r of rows) {
      if (isHeldOut(r.id) === (part === 'heldOut')) { counts.rows++; yield { text: r.text, category: r.code }; }
    }
    after = rows[rows.length - 1].id;
  }
}

export async function labelsSince(db: DB, since: Date): Promise<number> {
  const r = await db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', 'is', null).where('dispatched_at', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

const RETRAIN_SETTING = 'routing.retrain';
const BIN = fileURLToPath(new URL('../../../bin/lianxin.js', import.meta.url));

/** What `routing retrain --report <file>` writes when it is done. */
export interface RetrainReport {
  replaced: boolean;
  dryRun?: boolean;
  forced?: boolean;
  /** The current-model file it wrote, and the checksum of its bytes (when replaced). */
  model?: string;
  sha256?: string;
  /** What the new model was compared with (a file path, 'database #<id>', 'seed …'). */
  baseline?: string;
  evaluations: ModelEvaluation[];
  history?: { from: 'file' | 'database' | 'none'; rows: number };
}

/**
 * Store the winner of a retrain that ran without the database (the nightly child) as the
 * database's active model: read its report, check the file is the one it wrote, save. Null when
 * the retrain kept the current model.
 */
export async function adoptRetrain(db: DB, reportFile: string): Promise<StoredModel | null> {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as RetrainReport;
  if (!report.replaced || report.dryRun || !report.model) return null;
  const bytes = fs.readFileSync(report.model);
  if (report.sha256 && sha256Hex(bytes) !== report.sha256) throw new Error(`${report.model} changed after the retrain wrote it; not stored`);
  return saveCurrentModel(db, bytes, {
    source: 'retrain', evaluations: report.evaluations, forced: report.forced ?? false,
    baseline: report.baseline ?? null, history: report.history ?? null,
  });
}

/**
 * Take today's retrain for this server: the setting moves from the last run's time to now only
 * if nobody moved it since it was read, so of several servers asking at once exactly one gets
 * true (one statement, atomic on both engines).
 */
export async function claimRetrain(db: DB, lastAt: string | null, now: Date): Promise<boolean> {
  const value = JSON.stringify({ at: now.toISOString() });
  const moved = () => db.updateTable('settings').set({ value }).where('key', '=', RETRAIN_SETTING)
    .where(lastAt === null ? sql<boolean>`value->>'at' is null` : sql<boolean>`value->>'at' = ${lastAt}`).returning('key').execute();
  if (lastAt !== null) return (await moved()).length === 1;
  // Never run: the first to insert the setting wins (or to fill in one written without a time).
  const inserted = await db.insertInto('settings').values({ key: RETRAIN_SETTING, value }).onConflict((oc) => oc.column('key').doNothing()).returning('key').execute();
  return inserted.length === 1 || (await moved()).length === 1;
}

/**
 * The schedule: once a day at most (one server of several: claimRetrain), when at least `minLabels` requests were dispatched since the
 * last retrain, the labels are written to two files under the data folder (training and held
 * out) and `lianxin routing retrain` runs on them in a child process — it may take a minute and a
 * gigabyte at a million rows while the server keeps answering, and it never opens the database
 * (the embedded one serves one process). The child compares the new model with the one in use
 * (the database's active model, written out for it, else the file or seed model) and replaces the
 * current-model file only when the new model is not worse; this process then stores that file in
 * the database as the active model (`adopted`), which every server picks up within a minute.
 */
export async function retrainIfDue(db: DB, dataDir: string, now = new Date(), minLabels = 200,
  log: (msg: string, e: unknown) => void = (m, e) => console.error(m, e)): Promise<(ChildProcess & { adopted: Promise<StoredModel | null> }) | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RETRAIN_SETTING).executeTakeFirst();
  const lastAt = (row?.value as { at?: string } | undefined)?.at ?? null;
  const last = lastAt ? new Date(lastAt) : new Date(0);
  if (now.getTime() - last.getTime() < 86_400_000) return null;
  if ((await labelsSince(db, last)) < minLabels) return null;
  if (!(await claimRetrain(db, lastAt, now))) return null;   // another server took today's
  const dir = path.join(dataDir, 'models');
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    train: path.join(dir, 'history-train.jsonl'), heldOut: path.join(dir, 'history-heldout.jsonl'),
    report: path.join(dir, 'retrain-report.json'), active: path.join(dir, 'classify-db-active.lxm'),
  };
  for (const part of ['train', 'heldOut'] as const) {
    const out = fs.createWriteStream(files[part]);
    for await (const e of historyFromDb(db, part)) if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  fs.rmSync(files.report, { force: true });
  // The model to beat: the database's active one when it is sound (the child does not open the database).
  const args = [BIN, 'routing', 'retrain', '--history', files.train, '--heldout', files.heldOut, '--no-db', '--report', files.report];
  const active = await db.selectFrom('classifier_models').select(['bytes', 'sha256']).where('active', '=', true).executeTakeFirst();
  if (active?.bytes && sha256Hex(active.bytes) === active.sha256) {
    fs.writeFileSync(files.active, active.bytes);
    args.push('--current', files.active);
  } else fs.rmSync(files.active, { force: true });
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, LIANXIN_DATA_DIR: dataDir } });
  child.on('error', () => undefined);
  const adopted = new Promise<number | null>((resolve) => { child.on('exit', (code) => resolve(code)); child.on('error', () => resolve(null)); })
    .then((code) => (code === 0 && fs.existsSync(files.report) ? adoptRetrain(db, files.report) : null))
    .catch((e) => { log('routing retrain: storing the new model in the database', e); return null; });
  return Object.assign(child, { adopted });
}
