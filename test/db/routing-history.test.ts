// The deployment's own labels for category suggestion: dispatched top-level requests, one in ten
// held out; the nightly retrain writes them out and runs `lianxin routing retrain` on them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRetrain, historyFromDb, isHeldOut, retrainIfDue } from '../../src/features/routing/history.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let dir: string;
const ids: number[] = [];
beforeAll(async () => {
  s = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-retrain-'));
  const cadre = await s.login('cadre');
  const cats = await s.db.selectFrom('request_categories').select(['id', 'code']).where('code', 'in', ['noise', 'street-lighting']).execute();
  const texts = ['楼下烧烤店吵到半夜', '路灯坏了一个月', '广场舞音响太大声', '小区门口的灯不亮'];
  for (let i = 0; i < 24; i++) {
    const cat = cats.find((c) => c.code === (i % 2 ? 'street-lighting' : 'noise'))!;
    const r = await cadre.post('/api/requests', { kind: 'demand', channel: 'visit', categoryId: cat.id, text: `${texts[i % 4]}（第${i}次）`, householdId: s.fixture.households[i % 10].id });
    ids.push(r.body.request.id);
  }
  // The office dispatched all but the last four.
  await s.db.updateTable('requests').set({ dispatched_at: new Date(), department_id: s.fixture.departments.housing.id, status: 'dispatched' }).where('id', 'in', ids.slice(0, 20)).execute();
});
afterAll(async () => { await s?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('history for retraining', () => {
  it('streams the dispatched requests with their confirmed categories, one in ten held out', async () => {
    const train = [], held = [];
    for await (const e of historyFromDb(s.db, 'train')) train.push(e);
    for await (const e of historyFromDb(s.db, 'heldOut')) held.push(e);
    expect(train.length + held.length).toBe(20);
    expect(held.length).toBe(ids.slice(0, 20).filter(isHeldOut).length);
    expect(train.every((e) => ['noise', 'street-lighting'].includes(e.category))).toBe(true);
    expect(train.find((e) => e.text.startsWith('楼下烧烤店'))!.category).toBe('noise');
  });

  it('retrains once a day when enough labels arrived, in a child process that judges the new model', async () => {
    expect(await retrainIfDue(s.db, dir, new Date(), 21)).toBeNull();
    const child = await retrainIfDue(s.db, dir, new Date(), 20);
    expect(child).not.toBeNull();
    const lines = fs.readFileSync(path.join(dir, 'models', 'history-train.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length + fs.readFileSync(path.join(dir, 'models', 'history-heldout.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length).toBe(20);
    const code = await new Promise<number | null>((r) => child!.on('exit', r));
    expect(code).toBe(0);
    // When the child's model won, it is now the database's active model; either way nothing is left running.
    const adopted = await child!.adopted;
    const active = await s.db.selectFrom('classifier_models').select(['id', 'source']).where('active', '=', true).execute();
    expect(active.length).toBe(adopted ? 1 : 0);
    if (adopted) expect(active[0]).toMatchObject({ id: adopted.id, source: 'retrain' });
    // Whatever it decided, a model is now stored under the data folder (the seed model, and the current one if not worse).
    expect(fs.readdirSync(path.join(dir, 'models')).some((f) => f.endsWith('.lxm'))).toBe(true);
    expect(await retrainIfDue(s.db, dir, new Date(), 1)).toBeNull(); // not twice a day
  }, 180_000);

  it('of several servers claiming the same night at once, exactly one retrains', async () => {
    const row = await s.db.selectFrom('settings').select('value').where('key', '=', 'routing.retrain').executeTakeFirstOrThrow();
    const lastAt = (row.value as { at: string }).at;
    const tomorrow = new Date(Date.parse(lastAt) + 86_400_000 + 60_000);
    const claims = await Promise.all([0, 1, 2, 3].map(() => claimRetrain(s.db, lastAt, tomorrow)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The first claim on a fresh deployment (no setting yet) is taken once too.
    await s.db.deleteFrom('settings').where('key', '=', 'routing.retrain').execute();
    const first = await Promise.all([0, 1, 2].map(() => claimRetrain(s.db, null, tomorrow)));
    expect(first.filter(Boolean)).toHaveLength(1);
    // A setting without a time (written by hand, say) is claimed once too, not never.
    await s.db.updateTable('settings').set({ value: JSON.stringify({ note: 'no time' }) }).where('key', '=', 'routing.retrain').execute();
    const blank = await Promise.all([0, 1, 2].map(() => claimRetrain(s.db, null, tomorrow)));
    expect(blank.filter(Boolean)).toHaveLength(1);
  });
});
