// Place-name recognition (issue 5): how long Gazetteer.suggest takes per request text on the demo
// district (scale 1: 68 grids, 608 buildings, 40 roads), one core.
//   npx tsx bench/places.ts [--rounds 5]
// Texts: every seed-corpus line (they name the demo's roads, communities and villages) plus one
// line per building naming it. Baseline in the same run: normaliseText of the same texts.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../src/cli/context.ts';
import { normaliseText } from '../src/domain/classify/normalize.ts';
import { planDistrict } from '../src/domain/demo/plan.ts';
import { layoutGrid } from '../src/domain/demo/registry.ts';
import { Gazetteer } from '../src/domain/places-recognise.ts';
import { fmt, stats } from './lib.ts';

const args = parseArgs(process.argv.slice(2));
const ROUNDS = Number(args.rounds ?? 5);
const plan = planDistrict({ scale: 1 });
const buildings = plan.grids.flatMap((gr) => layoutGrid(plan.seed, gr).buildings.map((b) => b.row));
let t = performance.now();
const g = new Gazetteer({
  regions: plan.regions.map((r) => ({ id: r.id, parentId: r.parentId, level: r.level, name: r.name, path: r.path, kind: r.kind })),
  buildings: buildings.map((b) => ({ id: b.id, name: b.name, address: b.address, regionId: b.region_id })),
});
const buildMs = performance.now() - t;
const dir = path.resolve(import.meta.dirname, '../corpus/seed');
const texts = [
  ...fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)),
  ...buildings.map((b) => `我是${b.name}的住户，楼下的井盖丢了好几天了`),
];
const run = (fn: (s: string) => unknown) => {
  const ms: number[] = [];
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) for (const s of texts) { const a = performance.now(); sink += JSON.stringify(fn(s) ?? '').length; ms.push(performance.now() - a); }
  return { ...stats(ms), sink };
};
run((s) => g.suggest(s));   // warm-up
const base = run((s) => normaliseText(s).text);
const rec = run((s) => g.suggest(s));
let found = 0;
for (const s of texts) if (g.suggest(s).candidates.length) found++;
const us = (ms: number) => `${fmt(ms * 1000)} µs`;
console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.log(`gazetteer of the demo district: ${plan.regions.length} regions, ${buildings.length} buildings, built in ${fmt(buildMs)} ms`);
console.log(`${texts.length} texts × ${ROUNDS} rounds; ${found} (${Math.round((100 * found) / texts.length)}%) name a place`);
console.log(`suggest(): median ${us(rec.p50)}, p95 ${us(rec.p95)}, p99 ${us(rec.p99)}, max ${us(rec.max)}`);
console.log(`baseline normaliseText: median ${us(base.p50)}, p99 ${us(base.p99)}`);
