// The category-suggestion model in the database (issue 5): saving makes a model the one active
// model, every process (here: two loaders with their own memory and clock) picks a new one up
// after its check interval without reading the bytes on every call, the API shows it to the
// office, and a corrupt row is reported and skipped instead of breaking suggestions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainModel, type LinearModel } from '../../src/domain/classify/model.ts';
import { adoptRetrain, type RetrainReport } from '../../src/features/routing/history.ts';
import {
  CATEGORY_CODES, createModelLoader, currentModelPath, forgetDefaultModel, loadDefaultModel, readStoredModel,
  saveCurrentModel, saveModel, serializeModel, sha256Hex,
} from '../../src/features/routing/model-store.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let dir: string;
// Two small models that disagree: A says street lights are street lighting, B says they are noise.
let modelA: LinearModel, modelB: LinearModel;
const texts = ['路灯坏了', '路灯不亮', '门口的灯一直不亮', '路灯晚上黑乎乎'];
const small = (lights: string) => trainModel([
  ...texts.map((text) => ({ text, category: lights })),
  { text: '垃圾没人清理', category: 'sanitation' }, { text: '垃圾桶满了', category: 'sanitation' },
], { categories: CATEGORY_CODES, note: `small ${lights}` });
const top = (m: { classifier: { suggest(t: string, k: number): { suggestions: { category: string }[] } } }) => m.classifier.suggest('路灯坏了', 1).suggestions[0]?.category;
const evaluations = [{ label: '种子语料留出集 held-out seed', n: 380, current: { top1: 0.81, top3: 0.93 }, new: { top1: 0.83, top3: 0.94 } }];

beforeAll(async () => {
  s = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-models-'));
  [modelA, modelB] = await Promise.all([small('street-lighting'), small('noise')]);
  // The file model a server falls back to (no seed training in this test).
  saveModel(modelA, currentModelPath(dir));
}, 120_000);
afterAll(async () => { await s?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('the model in the database', () => {
  let first: Awaited<ReturnType<typeof saveCurrentModel>>;

  it('saves a model as the active one, with its checksum, meta and an audit row', async () => {
    first = await saveCurrentModel(s.db, modelA, { source: 'retrain', evaluations });
    const rows = await s.db.selectFrom('classifier_models').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, active: true, source: 'retrain', created_by: null, sha256: first.sha256 });
    expect(sha256Hex(rows[0].bytes!)).toBe(rows[0].sha256);
    expect(rows[0].size).toBe(rows[0].bytes!.length);
    expect(rows[0].meta).toMatchObject({ evaluations, formatVersion: 1, seedKey: expect.stringMatching(/^[0-9a-f]{16}$/), categories: CATEGORY_CODES.length, training: { note: 'small street-lighting' } });
    expect(top({ classifier: new (await import('../../src/domain/classify/classifier.ts')).Classifier(await readStoredModel(s.db, first.id)) })).toBe('street-lighting');
    const audit = await s.db.selectFrom('audit_log').selectAll().where('entity', '=', 'classifier_model').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'activate', entity_id: String(first.id), actor: 'system', after: { id: first.id, source: 'retrain', sha256: first.sha256 } });
  });

  it('a second save leaves exactly one active model; the index refuses two', async () => {
    const second = await saveCurrentModel(s.db, serializeModel(modelB), { source: 'import', createdBy: 'admin' });
    const rows = await s.db.selectFrom('classifier_models').select(['id', 'active', 'source', 'created_by']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: first.id, active: false, source: 'retrain', created_by: null },
      { id: second.id, active: true, source: 'import', created_by: 'admin' },
    ]);
    await expect(s.db.updateTable('classifier_models').set({ active: true }).where('id', '=', first.id).execute()).rejects.toThrow();
    const audit = await s.db.selectFrom('audit_log').selectAll().where('entity', '=', 'classifier_model').orderBy('seq').execute();
    expect(audit[1]).toMatchObject({ entity_id: String(second.id), before: { id: first.id }, after: { id: second.id, source: 'import', created_by: 'admin' } });
    // Bytes that are not a model are refused before anything changes.
    await expect(saveCurrentModel(s.db, Buffer.from('not a model'), { source: 'import' })).rejects.toThrow(/corrupt|not a/);
    expect(await s.db.selectFrom('classifier_models').select('id').where('active', '=', true).execute()).toEqual([{ id: second.id }]);
    // Back to A for the next test.
    await saveCurrentModel(s.db, modelA, { source: 'retrain', evaluations });
  });

  it('two processes pick up a new active model after their check interval, not on every call', async () => {
    let t = 1_000_000;
    const a = createModelLoader({ checkEveryMs: 60_000, now: () => t });
    const b = createModelLoader({ checkEveryMs: 60_000, now: () => t });
    const la = await a.load({ db: s.db, dataDir: dir }), lb = await b.load({ db: s.db, dataDir: dir });
    expect(la.source).toMatch(/^database #\d+$/);
    expect(top(la)).toBe('street-lighting');
    expect(lb.dbModel).toEqual(la.dbModel);
    // "Server A" retrains: B is now the active model.
    const next = await saveCurrentModel(s.db, modelB, { source: 'retrain', evaluations });
    t += 30_000;
    const soon = await b.load({ db: s.db, dataDir: dir });
    expect(soon).toBe(lb);                                   // within the interval: the same model, no look at the database
    expect(top(soon)).toBe('street-lighting');
    t += 30_001;
    const later = await b.load({ db: s.db, dataDir: dir });
    expect(later.dbModel).toEqual({ id: next.id, sha256: next.sha256 });
    expect(top(later)).toBe('noise');
    expect(await b.load({ db: s.db, dataDir: dir })).toBe(later);   // cached again
    expect(top(await a.load({ db: s.db, dataDir: dir }))).toBe('noise');
    // A fresh process (the module's own loader, memory forgotten) sees it at once.
    forgetDefaultModel();
    expect((await loadDefaultModel({ db: s.db, dataDir: dir })).dbModel?.id).toBe(next.id);
    // Without a database the file model is used, as the CLI does.
    const fileOnly = await createModelLoader().load({ dataDir: dir });
    expect(fileOnly.source).toBe(currentModelPath(dir));
    expect(top(fileOnly)).toBe('street-lighting');
  });

  it('suggestions over HTTP use the database model', async () => {
    const cadre = await s.login('cadre');
    const r = await cadre.post('/api/routing/suggest', { text: '路灯坏了' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.categories[0].category).toBe('noise');
  });

  it('GET /api/routing/model shows the active model, its evaluation and the history; not to residents or departments', async () => {
    const active = await s.db.selectFrom('classifier_models').select(['id', 'sha256']).where('active', '=', true).executeTakeFirstOrThrow();
    for (const who of ['admin', 'dispatcher']) {
      const r = await (await s.login(who)).get('/api/routing/model');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.active).toMatchObject({ id: active.id, source: 'retrain', sha256: active.sha256, active: true, pruned: false, createdAt: expect.any(String), meta: { evaluations } });
      expect(r.body.active.meta.training.examples).toBeGreaterThan(0);
      expect(r.body.history.map((h: { id: number }) => h.id)).toEqual([...r.body.history.map((h: { id: number }) => h.id)].sort((x, y) => y - x));
      expect(r.body.history).toHaveLength(4);
      expect(r.body.history.filter((h: { active: boolean }) => h.active)).toHaveLength(1);
      expect(r.body.history[0].bytes).toBeUndefined();
      expect(r.body.process).toMatchObject({ id: active.id, error: null });
    }
    for (const who of ['resident', 'handler', 'cadre']) expect((await (await s.login(who)).get('/api/routing/model')).status).toBe(403);
    expect((await s.client().get('/api/routing/model')).status).toBe(401);
  });

  it('corrupt bytes give a clear error once and fall back to the file model', async () => {
    const warnings: string[] = [];
    let t = 0;
    const loader = createModelLoader({ checkEveryMs: 1000, now: () => t, warn: (m) => warnings.push(m) });
    const active = await s.db.selectFrom('classifier_models').select(['id', 'bytes']).where('active', '=', true).executeTakeFirstOrThrow();
    // Not a model, with a matching checksum (a bad import written straight into the table).
    const junk = Buffer.from('这不是模型 not a model');
    await s.db.updateTable('classifier_models').set({ bytes: junk, sha256: sha256Hex(junk) }).where('id', '=', active.id).execute();
    const r1 = await loader.load({ db: s.db, dataDir: dir });
    expect(r1.source).toBe(currentModelPath(dir));
    expect(top(r1)).toBe('street-lighting');
    expect(r1.error).toMatch(new RegExp(`model #${active.id} in the database cannot be read: model file is corrupt`));
    expect(warnings).toHaveLength(1);
    t += 5000;
    expect((await loader.load({ db: s.db, dataDir: dir })).error).toBe(r1.error);
    expect(warnings).toHaveLength(1);                      // reported once, not re-read every minute
    await expect(readStoredModel(s.db, active.id)).rejects.toThrow(/无法读取|cannot be read/);
    // Bytes changed behind the checksum's back.
    const good = serializeModel(modelB);
    await s.db.updateTable('classifier_models').set({ bytes: Buffer.concat([good.subarray(0, 100), Buffer.from([good[100] ^ 0xff]), good.subarray(101)]), sha256: sha256Hex(good) }).where('id', '=', active.id).execute();
    t += 5000;
    const r2 = await loader.load({ db: s.db, dataDir: dir });
    expect(r2.error).toMatch(/校验和不符|checksum mismatch/);
    expect(r2.source).toBe(currentModelPath(dir));
    expect(warnings).toHaveLength(2);
    // Repaired in place (same checksum): skipped for a while (60 checks), then read again.
    await s.db.updateTable('classifier_models').set({ bytes: good }).where('id', '=', active.id).execute();
    t += 5000;
    expect((await loader.load({ db: s.db, dataDir: dir })).error).toBe(r2.error);
    t += 60_000;
    const r3 = await loader.load({ db: s.db, dataDir: dir });
    expect(r3).toMatchObject({ source: `database #${active.id}`, error: null });
    expect(top(r3)).toBe('noise');
    // The suggest endpoint keeps answering whatever the row holds.
    await s.db.updateTable('classifier_models').set({ bytes: junk, sha256: sha256Hex(junk) }).where('id', '=', active.id).execute();
    forgetDefaultModel();
    const res = await (await s.login('cadre')).post('/api/routing/suggest', { text: '垃圾没人清理' });
    expect(res.status).toBe(200);
    expect((await (await s.login('admin')).get('/api/routing/model')).body.process.error).toMatch(/cannot be read/);
    await s.db.updateTable('classifier_models').set({ bytes: good, sha256: sha256Hex(good) }).where('id', '=', active.id).execute();
  }, 120_000);

  it('the nightly retrain’s winner is stored from its report; a kept model or a changed file is not', async () => {
    const file = path.join(dir, 'models', 'winner.lxm');
    saveModel(modelA, file);
    const report = (r: Partial<RetrainReport>) => {
      const p = path.join(dir, 'report.json');
      fs.writeFileSync(p, JSON.stringify({ replaced: true, model: file, sha256: sha256Hex(fs.readFileSync(file)), baseline: 'database #1', evaluations, history: { from: 'file', rows: 18 }, ...r }));
      return p;
    };
    expect(await adoptRetrain(s.db, report({ replaced: false }))).toBeNull();
    expect(await adoptRetrain(s.db, report({ dryRun: true }))).toBeNull();
    await expect(adoptRetrain(s.db, report({ sha256: '0'.repeat(64) }))).rejects.toThrow(/changed/);
    const saved = await adoptRetrain(s.db, report({}));
    expect(saved).toMatchObject({ source: 'retrain', sha256: sha256Hex(fs.readFileSync(file)) });
    const row = await s.db.selectFrom('classifier_models').selectAll().where('active', '=', true).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: saved!.id, source: 'retrain' });
    expect(row.meta).toMatchObject({ evaluations, forced: false, baseline: 'database #1', history: { from: 'file', rows: 18 } });
  });
});
