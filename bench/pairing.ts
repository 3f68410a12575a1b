// The pairing engine (pure, in memory): speed at Changdao scale and ×100, stability after cadres
// leave and join, and quality (load spread, groups meeting all three rules where the mix allows).
//   npx tsx bench/pairing.ts
// Baseline in the same run: sorting the households into address order (the least any
// assignment that keeps neighbours together must do).
import { pair, type PairingCadre, type PairingHousehold } from '../src/domain/pairing.ts';
import { rng } from './lib.ts';

const rand = rng(20261122);
function cadres(n: number, start = 1): PairingCadre[] {
  return Array.from({ length: n }, (_, i) => ({ id: start + i, partyMember: rand() < 0.55, yearsOfService: rand() < 0.6 ? 5 + Math.floor(rand() * 25) : Math.floor(rand() * 5), isLocal: rand() < 0.6 }));
}
function households(n: number, grids: number): PairingHousehold[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, gridId: 1 + Math.floor((i * grids) / n), buildingId: 1 + Math.floor(i / 24), order: `${String(i).padStart(8, '0')}`, priority: rand() < 0.12 }));
}
/** Split into departments: each takes a contiguous share of the grids and of the cadres. */
function departments(cs: PairingCadre[], hs: PairingHousehold[], n: number) {
  return Array.from({ length: n }, (_, d) => ({
    cadres: cs.filter((_, i) => i % n === d),
    households: hs.filter((h) => (h.gridId! - 1) % n === d),
  }));
}
const mb = () => Math.round(process.memoryUsage().rss / 1048576);
const rulesMix = (cs: PairingCadre[], groups: number) => Math.min(groups, cs.filter((c) => c.partyMember).length, cs.filter((c) => c.yearsOfService >= 5).length, cs.filter((c) => c.isLocal).length);

function runScale(label: string, nc: number, nh: number, grids: number, units: number) {
  const cs = cadres(nc), hs = households(nh, grids);
  const deps = departments(cs, hs, units);
  let t = performance.now();
  for (const d of deps) [...d.households].sort((a, b) => (a.gridId! - b.gridId!) || (a.order < b.order ? -1 : 1));
  const baseline = performance.now() - t;
  t = performance.now();
  let peak = mb();
  const results = deps.map((d) => { const r = pair(d.cadres, d.households); peak = Math.max(peak, mb()); return r; });
  const ms = performance.now() - t;
  // Stability: 5% leave, 5% join, in every department.
  let moved = 0, assigned = 0;
  t = performance.now();
  deps.forEach((d, i) => {
    const leaving = new Set(d.cadres.filter(() => rand() < 0.05).map((c) => c.id));
    const joining = cadres(leaving.size, 10_000_000 + i * 100_000);
    const r = pair([...d.cadres.filter((c) => !leaving.has(c.id)), ...joining], d.households, {}, { groups: results[i].groups, assignments: results[i].assignments });
    moved += r.moved; assigned += r.coverage.assigned;
    peak = Math.max(peak, mb());
  });
  const rerun = performance.now() - t;
  const spread = Math.max(...results.map((r) => (r.coverage.minLoad ? r.coverage.maxLoad / r.coverage.minLoad : Infinity)));
  const full = results.reduce((s, r) => s + r.groups.filter((g) => !g.relaxed.length).length, 0);
  const possible = deps.reduce((s, d, i) => s + rulesMix(d.cadres, results[i].groups.length), 0);
  const groups = results.reduce((s, r) => s + r.groups.length, 0);
  console.log(`${label}: ${nc.toLocaleString('en')} cadres, ${nh.toLocaleString('en')} households, ${grids} grids, ${units} departments`);
  console.log(`  baseline (sort into address order): ${baseline.toFixed(0)} ms`);
  console.log(`  pairing: ${ms.toFixed(0)} ms, ${groups.toLocaleString('en')} groups, peak RSS ${peak} MB`);
  console.log(`  after 5% leave and 5% join: ${rerun.toFixed(0)} ms, households moved ${(100 * moved / assigned).toFixed(2)} %`);
  console.log(`  largest/smallest load within a department (worst): ${spread.toFixed(2)}; groups meeting all three rules ${full.toLocaleString('en')} of ${possible.toLocaleString('en')} the mix allows at most (${(100 * full / Math.max(1, possible)).toFixed(1)} %)`);
}

runScale('Changdao scale', 1196, 15_310, 28, 1);
runScale('Changdao scale, 24 departments', 1196, 15_310, 28, 24);
runScale('×100', 119_600, 1_531_000, 2_800, 34);
