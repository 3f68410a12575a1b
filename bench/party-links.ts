// The reports' other shapes (pure, in memory): 23,400 rural party members each linked with the
// households of their village (党员联户), and one cadre ↔ one party member ↔ one hardship household
// (一对一对一) over the same villages; then stability after 5% of the members leave and 5% join.
//   npx tsx bench/party-links.ts [--members 23400] [--households 234000]
// Baseline in the same run: sorting the households into address order within their villages.
import { linkMembers, linkTriads, type LinkHousehold, type LinkMember } from '../src/domain/links.ts';
import { rng } from './lib.ts';

const arg = (name: string, d: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const nMembers = arg('members', 23_400), nHouseholds = arg('households', 234_000);
const villages = Math.round(nMembers / 10); // about ten party members a village
const rand = rng(20261122);
const households: LinkHousehold[] = Array.from({ length: nHouseholds }, (_, i) => {
  const v = 1 + Math.floor((i * villages) / nHouseholds);
  return { id: i + 1, gridId: v, buildingId: v * 100 + Math.floor(rand() * 40), order: `${String(Math.floor(rand() * 1e6)).padStart(6, '0')}` };
});
const member = (id: number): LinkMember => {
  const h = households[Math.floor(rand() * households.length)];
  return { id, gridId: h.gridId, buildingId: h.buildingId, order: h.order };
};
const members = Array.from({ length: nMembers }, (_, i) => member(1_000_001 + i));
const mb = () => Math.round(process.memoryUsage().rss / 1048576);

let t = performance.now();
[...households].sort((a, b) => (a.gridId! - b.gridId!) || (a.buildingId! - b.buildingId!) || (a.order < b.order ? -1 : 1));
const baseline = performance.now() - t;

t = performance.now();
const r = linkMembers(members, households);
const ms = performance.now() - t;
console.log(`党员联户: ${nMembers} members, ${nHouseholds} households in ${villages} villages: ${ms.toFixed(0)} ms (sort baseline ${baseline.toFixed(0)} ms, ${(ms / baseline).toFixed(1)}×), RSS ${mb()} MB`);
console.log(`  linked ${r.links.size}/${nHouseholds}, unlinked ${r.unlinked.length} (villages with no member), max ${r.maxLoad} per member, mean ${r.meanLoad}`);

// 5% leave, 5% join.
const leaving = new Set(members.filter(() => rand() < 0.05).map((m) => m.id));
const after = [...members.filter((m) => !leaving.has(m.id)), ...Array.from({ length: leaving.size }, (_, i) => member(2_000_001 + i))];
t = performance.now();
const again = linkMembers(after, households, r.links);
console.log(`  after ${leaving.size} leave and ${leaving.size} join: ${(performance.now() - t).toFixed(0)} ms, moved ${again.moved} households (${((100 * again.moved) / nHouseholds).toFixed(2)}%)`);

// 一对一对一 over the same villages: 5% of households in hardship, one cadre each.
const hardship = households.filter(() => rand() < 0.05);
const cadres = Array.from({ length: hardship.length }, (_, i) => 5_000_001 + i);
t = performance.now();
const tr = linkTriads(cadres, members, hardship);
console.log(`一对一对一: ${hardship.length} hardship households, ${cadres.length} cadres: ${(performance.now() - t).toFixed(0)} ms; max ${Math.max(...tr.cadreLoads.values())} per cadre, without a member ${tr.problems.filter((p) => p.id !== 0).length}, RSS ${mb()} MB`);
