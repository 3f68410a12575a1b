// Hot-topic detection (小专题, issue 5) over a month of requests, pure and in memory: 1,000,000
// requests spread over the ×1 demo district's communities, villages and days, their texts taken
// from the seed corpus (corpus/seed/*.txt) with variations — an opening, a road or community of
// the place, a clause left out, a closing — plus planted clusters: many people in one community
// reporting the same matter on the same road within one to seven days. Noise reuses the same
// seed lines everywhere, so only place and time tell the planted clusters apart.
//   npx tsx bench/hot-topics.ts [--requests 1000000] [--planted 40] [--seed 20261122]
// Reports: the detection's time (goal < 30 s) and phases, peak RSS, how many planted clusters
// were found (≥ 80% of a planted cluster's members in one proposal) and where they rank, and a
// baseline measured in the same run: computing the shingles of every text.
import fs from 'node:fs';
import path from 'node:path';
import { planDistrict, type GridPlan } from '../src/domain/demo/plan.ts';
import { layoutGrid } from '../src/domain/demo/registry.ts';
import { Gazetteer } from '../src/domain/places-recognise.ts';
import { Idf, shingles } from '../src/domain/similarity.ts';
import { detectTopics, type TopicItem } from '../src/domain/topics.ts';
import { rng } from './lib.ts';

const arg = (name: string, d: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const N = arg('requests', 1_000_000), PLANTED = arg('planted', 40), rand = rng(arg('seed', 20261122));
const mb = () => Math.round(process.memoryUsage().rss / 1048576);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

// ---- the district and the corpus
const plan = planDistrict({ scale: 1 });
const regionRows = plan.regions.map((r) => ({ id: r.id, parentId: r.parentId, level: r.level, name: r.name, path: r.path, kind: r.kind, lat: (r.rect.minLat + r.rect.maxLat) / 2, lng: (r.rect.minLng + r.rect.maxLng) / 2 }));
const buildingRows = plan.grids.flatMap((g) => layoutGrid(plan.seed, g).buildings.map((b) => ({ id: b.row.id, name: b.row.name, address: b.row.address, regionId: b.row.region_id, lat: b.row.lat, lng: b.row.lng })));
const gazetteer = new Gazetteer({ regions: regionRows, buildings: buildingRows });
const dir = path.resolve(import.meta.dirname, '../corpus/seed');
const categories = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f, i) => ({ id: i + 1, lines: fs.readFileSync(path.join(dir, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) }));
const idf = new Idf(categories.flatMap((c) => c.lines));
const names = gazetteer.nameWeights(), placeSet = gazetteer.placeShingles();
const weight = (s: number) => idf.weight(s) * (names.get(s) ?? 1);
const places = (s: number) => placeSet.has(s);
const ROAD_RE = /[\u4e00-\u9fff]{2,3}(?:路|街|大道)/g;

const OPENINGS = ['', '', '', '你好，', '喂，你好，', '我跟你们反映个事，', '麻烦你们给记一下，', '我是{community}的，', '{road}这边，', '同志你好，我住{road}，', '我们{community}好多人都说，', '网格员上报：'];
const CLOSINGS = ['', '', '', '麻烦尽快处理。', '谢谢！', '希望早点解决。', '请尽快派人来看看。', '都好几天了。'];

function vary(line: string, where: { community: string; road: string }, keepRoad = false): string {
  let t = line;
  if (keepRoad || rand() < 0.5) t = t.replace(ROAD_RE, where.road);
  const parts = t.split('，');
  if (parts.length >= 3 && rand() < 0.4) parts.splice(1 + Math.floor(rand() * (parts.length - 1)), 1);
  t = parts.join('，');
  const open = pick(OPENINGS).replace('{community}', where.community).replace('{road}', where.road);
  return open + t + pick(CLOSINGS);
}

const urban = plan.grids.filter((g) => g.urban);
const month = { first: Date.parse('2026-10-01T00:00:00+08:00'), days: 31 };
const gridWeights = plan.grids.map((g) => g.households);
const totalH = gridWeights.reduce((a, b) => a + b, 0);
const cumulative = gridWeights.map(((s) => (w: number) => (s += w / totalH))(0));
const randomGrid = () => { const x = rand(); let lo = 0, hi = cumulative.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cumulative[m] < x) lo = m + 1; else hi = m; } return plan.grids[lo]; };
const item = (id: number, g: GridPlan, categoryId: number, text: string, at: number): TopicItem => ({
  id, text, categoryId, regionPath: g.path, areaKey: g.parent.path, streetKey: g.street.path,
  lat: g.rect.minLat + rand() * (g.rect.maxLat - g.rect.minLat), lng: g.rect.minLng + rand() * (g.rect.maxLng - g.rect.minLng),
  at, householdId: rand() < 0.1 ? null : g.firstHouseholdId + Math.floor(rand() * g.households),
});
const roadOf = (g: GridPlan) => (g.roads.length ? pick(g.roads) : g.parent.name);

// ---- generate
let t = performance.now();
const items: TopicItem[] = [];
const planted: { ids: number[]; community: string; road: string; size: number }[] = [];
for (let p = 0; p < PLANTED; p++) {
  const g = pick(urban.concat(plan.grids));
  const size = Math.round(20 * Math.pow(20, rand())); // 20 … 400
  const c = pick(categories);
  const line = pick(c.lines);
  const road = roadOf(g);
  const startDay = Math.floor(rand() * (month.days - 7)), span = 1 + Math.floor(rand() * 7);
  const ids: number[] = [];
  for (let k = 0; k < size; k++) {
    const id = items.length + 1;
    ids.push(id);
    items.push(item(id, g, c.id, vary(line, { community: g.parent.name, road }, true), month.first + (startDay + rand() * span) * 86_400_000));
  }
  planted.push({ ids, community: g.parent.name, road, size });
}
while (items.length < N) {
  const g = randomGrid();
  const c = pick(categories);
  items.push(item(items.length + 1, g, c.id, vary(pick(c.lines), { community: g.parent.name, road: roadOf(g) }), month.first + rand() * month.days * 86_400_000));
}
// Shuffle so the planted requests are not first.
for (let i = items.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [items[i], items[j]] = [items[j], items[i]]; }
const genMs = performance.now() - t;
const plantedTotal = planted.reduce((a, p) => a + p.size, 0);
console.log(`generated ${items.length.toLocaleString()} requests (${plantedTotal.toLocaleString()} in ${PLANTED} planted clusters) over ${plan.grids.length} grids, ${new Set(plan.grids.map((g) => g.parent.id)).size} communities/villages, 31 days in ${(genMs / 1000).toFixed(1)} s; RSS ${mb()} MB`);

// ---- baseline: the shingles of every text
t = performance.now();
let count = 0;
for (const it of items) count += shingles(it.text).length;
const baseMs = performance.now() - t;
console.log(`baseline: shingles of every text ${(baseMs / 1000).toFixed(2)} s (${count.toLocaleString()} shingles)`);

// ---- detection
const rssBefore = mb();
t = performance.now();
const r = detectTopics(items, { weight, places, limit: 5000, detail: 50, from: '2026-10-01', to: '2026-10-31', threshold: arg('threshold', 0.2) });
const ms = performance.now() - t;
const peak = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`detection: ${(ms / 1000).toFixed(1)} s (${(ms / baseMs).toFixed(1)}× the baseline) — phases ${JSON.stringify(r.stats.ms)}`);
console.log(`  ${r.stats.clustered.toLocaleString()} requests clustered, ${r.stats.comparisons.toLocaleString()} comparisons, ${r.stats.clusters.toLocaleString()} clusters, ${r.stats.merged} merges across areas, ${r.total.toLocaleString()} proposals (≥ 5 people)`);
console.log(`  RSS before ${rssBefore} MB, process peak ${peak} MB`);

// ---- recall of the planted clusters
const where = new Map<number, number>();
r.proposals.forEach((p, rank) => { for (const id of p.memberIds) where.set(id, rank); });
let found = 0, foundTop = 0;
const ranks: number[] = [], purities: number[] = [], coverages: number[] = [];
for (const p of planted) {
  const byRank = new Map<number, number>();
  for (const id of p.ids) { const rk = where.get(id); if (rk !== undefined) byRank.set(rk, (byRank.get(rk) ?? 0) + 1); }
  const [rank, hits] = [...byRank].sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
  const coverage = hits / p.size;
  coverages.push(coverage);
  if (coverage >= 0.8) {
    found++;
    ranks.push(rank + 1);
    if (rank < PLANTED * 2) foundTop++;
    const ids = new Set(p.ids);
    purities.push(r.proposals[rank].memberIds.filter((id) => ids.has(id)).length / r.proposals[rank].size);
  }
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
console.log(`planted clusters found: ${found}/${PLANTED} (recall ${(found / PLANTED).toFixed(2)}), ${foundTop} of them among the top ${PLANTED * 2} proposals; mean coverage ${mean(coverages).toFixed(2)}, mean purity ${mean(purities).toFixed(2)}, worst rank ${Math.max(0, ...ranks)}`);
const top = r.proposals.slice(0, 3).map((p) => `${p.label} (${p.size}, score ${p.score})`).join('; ');
console.log(`top proposals: ${top}`);
if (process.argv.includes('--debug')) {
  for (const p of planted) {
    const byRank = new Map<number, number>();
    let none = 0;
    for (const id of p.ids) { const rk = where.get(id); if (rk === undefined) none++; else byRank.set(rk, (byRank.get(rk) ?? 0) + 1); }
    console.log(p.size, p.community, p.road, 'unassigned', none, [...byRank].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([rk, c]) => `#${rk + 1}:${c}/${r.proposals[rk].size}`).join(' '));
  }
}
if (process.argv.includes('--debug')) {
  const plantedIds = new Set(planted.flatMap((p) => p.ids));
  const byId = new Map(items.map((it) => [it.id, it]));
  for (const p of r.proposals.slice(0, 12)) {
    const pl = p.memberIds.filter((id) => plantedIds.has(id)).length;
    console.log(`#${r.proposals.indexOf(p) + 1} ${p.size} score ${p.score} planted ${pl} cats ${p.categories.slice(0, 3).map((c) => c.id + ':' + c.count).join(',')} areas ${p.areas.length} peak7 ${p.peak7} label ${p.label}`);
    if (!pl) for (const id of p.memberIds.slice(0, 4)) console.log('     ', byId.get(id)!.text.slice(0, 60));
  }
}
