// The demo district's liaison network: which department answers for which community (结对,
// one department ↔ one or more communities, as the 49 departments ↔ 59 communities of seed 004),
// and the visits its groups made in the weeks before the day of loading.
import { addDays } from '../calendar.ts';
import { chance, int, pick, rngFor } from './random.ts';

export interface DemoCommunity { id: number; households: number }
export interface DemoDepartment { id: number; cadres: number }

/**
 * Each community to one department, so households per cadre come out even: the largest
 * communities first, each to the department with the fewest households per cadre so far.
 * `fixed` pins some communities (the demo cadre's community to their own department).
 */
export function assignCommunities(communities: DemoCommunity[], departments: DemoDepartment[], fixed: Map<number, number> = new Map()): Map<number, number> {
  const load = new Map(departments.map((d) => [d.id, 0]));
  const out = new Map<number, number>();
  for (const [c, d] of fixed) {
    out.set(c, d);
    load.set(d, (load.get(d) ?? 0) + (communities.find((x) => x.id === c)?.households ?? 0));
  }
  const staffed = departments.filter((d) => d.cadres > 0);
  for (const c of [...communities].sort((a, b) => b.households - a.households || a.id - b.id)) {
    if (out.has(c.id)) continue;
    let best = staffed[0];
    for (const d of staffed) {
      const ratio = (load.get(d.id)! + c.households) / d.cadres, bestRatio = (load.get(best.id)! + c.households) / best.cadres;
      if (ratio < bestRatio || (ratio === bestRatio && d.id < best.id)) best = d;
    }
    out.set(c.id, best.id);
    load.set(best.id, load.get(best.id)! + c.households);
  }
  return out;
}

export interface DemoVisitHousehold { id: number; groupId: number; priority: boolean }
export interface DemoVisit { groupId: number; visitedOn: string; kind: 'routine' | 'priority'; householdIds: number[]; notes: string | null }

const NOTES = [
  '了解家庭近况，身体都还好，没有提出困难。', '老人腿脚不便，叮嘱子女常回家看看，下次带血压计来。', '反映楼道灯坏了，已当场记录。',
  '宣传防诈骗知识，发放连心卡。', '询问医保缴费时间，已现场解答。', '家里渔船准备检修，问有没有补贴政策，回去帮忙问。',
  '孩子在外地上学，老两口在家，生活能自理。', '提出小区停车难，建议划线，已记录。', '低保年审材料已帮忙准备好。',
  '独居老人，冬季取暖已落实，留下联系电话。', '家中有重病人，了解医疗救助办理进度。', '对上次反映的路灯问题已修好表示满意。',
  '宣讲惠民政策，没有新的诉求。', '邻里关系融洽，建议村里多组织文化活动。', '了解外出务工人员情况，登记返乡时间。',
];

/**
 * Visits over the `days` before `today`: each group goes out on some days and sees a few of its
 * households; priority households are seen more often, but not all within the interval, so the
 * demo has overdue ones to show.
 */
export function demoVisits(households: DemoVisitHousehold[], today: string, seed: number, days = 45): DemoVisit[] {
  const rng = rngFor(seed, 'visits');
  const byGroup = new Map<number, DemoVisitHousehold[]>();
  for (const h of households) {
    const list = byGroup.get(h.groupId) ?? [];
    list.push(h);
    byGroup.set(h.groupId, list);
  }
  const out: DemoVisit[] = [];
  for (const [groupId, list] of [...byGroup].sort((a, b) => a[0] - b[0])) {
    for (const h of list) {
      const times = h.priority ? (chance(rng, 0.8) ? int(rng, 1, 2) : 0) : chance(rng, 0.55) ? 1 : 0;
      for (let k = 0; k < times; k++) {
        out.push({
          groupId, visitedOn: addDays(today, -int(rng, 0, days - 1)), kind: h.priority ? 'priority' : 'routine', householdIds: [h.id],
          notes: chance(rng, 0.7) ? pick(rng, NOTES) : null,
        });
      }
    }
  }
  return out.sort((a, b) => a.visitedOn.localeCompare(b.visitedOn) || a.groupId - b.groupId);
}
