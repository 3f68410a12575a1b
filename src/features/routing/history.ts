// The deployment's own labels for retraining category suggestion: every top-level request the
// office dispatched carries the category it confirmed (a correction at dispatch is a label too).
// Read in id order, a page at a time, so a million rows stream; one in ten (by id) is held out
// to judge the new model against the current one on the deployment's own requests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DB } from '../../db/connection.ts';
import type { Example } from '../../domain/classify/model.ts';

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

/**
 * The schedule: once a day at most, when at least `minLabels` requests were dispatched since the
 * last retrain, the labels are written to two files under the data folder (training and held
 * out) and `lianxin routing retrain` runs on them in a child process — it may take a minute and a
 * gigabyte at a million rows while the server keeps answering, and it never opens the database
 * (the embedded one serves one process). The server picks the new model up by its file, which
 * the retrain replaces only when the new model is not worse.
 */
export async function retrainIfDue(db: DB, dataDir: string, now = new Date(), minLabels = 200): Promise<ChildProcess | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RETRAIN_SETTING).executeTakeFirst();
  const last = row ? new Date((row.value as { at: string }).at) : new Date(0);
  if (now.getTime() - last.getTime() < 86_400_000) return null;
  if ((await labelsSince(db, last)) < minLabels) return null;
  const value = JSON.stringify({ at: now.toISOString() });
  await db.insertInto('settings').values({ key: RETRAIN_SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  const dir = path.join(dataDir, 'models');
  fs.mkdirSync(dir, { recursive: true });
  const files = { train: path.join(dir, 'history-train.jsonl'), heldOut: path.join(dir, 'history-heldout.jsonl') };
  for (const part of ['train', 'heldOut'] as const) {
    const out = fs.createWriteStream(files[part]);
    for await (const e of historyFromDb(db, part)) if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  const child = spawn(process.execPath, [BIN, 'routing', 'retrain', '--history', files.train, '--heldout', files.heldOut],
    { stdio: 'ignore', env: { ...process.env, LIANXIN_DATA_DIR: dataDir } });
  child.on('error', () => undefined);
  return child;
}
