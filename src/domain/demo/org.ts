// The district's organisations: 24 district departments, the 10 sub-districts and townships
// (departments too: they answer for their villages), one party committee per department
// with its branches, and the cadres (机关干部) who visit households.
import { personName, type Gender } from './names.ts';
import { mobile } from './people.ts';
import { DEPARTMENTS, DISTRICT, REFERENCE_DATE } from './places.ts';
import type { DemoPlan, RegionPlan } from './plan.ts';
import { apportion, between, chance, int, pick, rngFor, weighted, type Rng } from './random.ts';

export interface DepartmentRow {
  id: number; code: string; name: string; kind: 'bureau' | 'township' | 'office' | 'other';
  region_id: number; region_path: string; phone: string; sort: number;
}
export interface PartyOrgRow {
  id: number; code: string; name: string; kind: 'committee' | 'general_branch' | 'branch';
  parent_id: number | null; department_id: number; region_id: number; region_path: string; secretary: string;
}
export interface CadreRow {
  id: number; code: string; name: string; gender: Gender; department_id: number; party_org_id: number | null;
  party_member: boolean; is_local: boolean; years_of_service: number; origin_village: string | null;
  phone: string; position: string; region_id: number; region_path: string;
}
export interface Organisation { departments: DepartmentRow[]; partyOrgs: PartyOrgRow[]; cadres: CadreRow[] }

const CN = '一二三四五六七八九十';
const ordinal = (k: number) => (k < 10 ? CN[k] : String(k + 1));
const bare = (name: string) => name.replace(/（.*?）/g, '');

function headTitle(name: string, township: RegionPlan | null): string {
  if (township) return '党委书记';
  if (name.endsWith('部')) return '部长';
  if (name.endsWith('大队')) return '大队长';
  if (name.endsWith('监委')) return '书记';
  if (name.endsWith('局')) return '局长';
  return '主任';
}
function secondTitle(name: string, township: RegionPlan | null, kind: string | null): string {
  if (!township) return '副' + headTitle(name, null);
  return kind === 'subdistrict' ? '办事处主任' : kind === 'town' ? '镇长' : '乡长';
}
const staffTitle = weighted<string>([['科长', 12], ['副科长', 12], ['一级主任科员', 8], ['二级主任科员', 10], ['四级主任科员', 12], ['一级科员', 20], ['二级科员', 14], ['办事员', 8]]);
const townStaffTitle = weighted<string>([['党委委员', 6], ['副乡镇长', 6], ['站长', 8], ['所长', 6], ['一级科员', 30], ['二级科员', 24], ['办事员', 12], ['网格管理员', 8]]);

export function generateOrganisation(plan: DemoPlan): Organisation {
  const rng = rngFor(plan.seed, 'organisation');
  const { district, streets } = plan;
  const phone = (r: Rng) => `${DISTRICT.areaCode}-${int(r, 3210000, 3299999)}`;
  const departments: DepartmentRow[] = [
    ...DEPARTMENTS.map((d, i) => ({ id: i + 1, code: d.code, name: d.name, kind: d.kind, region_id: district.id, region_path: district.path, phone: phone(rng), sort: i + 1 })),
    ...streets.map((s, i) => ({
      id: DEPARTMENTS.length + i + 1, code: `street-${s.code}`, name: s.name + (s.streetKind === 'subdistrict' ? '办事处' : '人民政府'),
      kind: 'township' as const, region_id: s.id, region_path: s.path, phone: phone(rng), sort: DEPARTMENTS.length + i + 1,
    })),
  ];
  const townshipOf = (d: DepartmentRow) => (d.kind === 'township' ? streets[d.id - DEPARTMENTS.length - 1] : null);
  const weights = departments.map((d) => (d.code === 'liaison-office' ? 0.5 : d.code === 'organisation' ? 0.8 : d.kind === 'township' ? between(rng, 1, 1.6) : between(rng, 0.7, 1.6)));
  const perDepartment = apportion(plan.totals.cadres, weights, 3);
  const villagesOf = new Map(streets.map((s) => [s.id, s.children.filter((c) => c.kind === 'fishing').map((c) => c.name)]));

  const partyOrgs: PartyOrgRow[] = [];
  const cadres: CadreRow[] = [];
  const addOrg = (o: Omit<PartyOrgRow, 'id' | 'code'>) => {
    const id = partyOrgs.length + 1;
    partyOrgs.push({ ...o, id, code: `PO${String(id).padStart(5, '0')}` });
    return partyOrgs[partyOrgs.length - 1];
  };
  departments.forEach((d, di) => {
    const township = townshipOf(d);
    const count = perDepartment[di];
    const people = Array.from({ length: count }, (_, k) => {
      const senior = k < 3;
      const gender: Gender = chance(rng, senior ? 0.8 : 0.6) ? 'M' : 'F';
      const age = k === 0 ? int(rng, 45, 56) : senior ? int(rng, 36, 55) : int(rng, 23, 58);
      const years = Math.max(0, Math.min(35, age - int(rng, 22, 26)));
      const local = chance(rng, township ? 0.8 : 0.6);
      const ownVillages = township ? villagesOf.get(township.id) ?? [] : [];
      return {
        gender, years, local,
        name: personName(rng, gender, REFERENCE_DATE.year - age),
        party: senior || chance(rng, Math.min(0.95, 0.42 + 0.012 * years)),
        origin: local ? (ownVillages.length && chance(rng, 0.6) ? pick(rng, ownVillages) : pick(rng, plan.villageNames)) : null,
        position: k === 0 ? headTitle(d.name, township) : k === 1 ? secondTitle(d.name, township, township?.kind ?? null)
          : k === 2 ? (township ? '党委副书记' : '副' + headTitle(d.name, null)) : township ? townStaffTitle(rng) : staffTitle(rng),
      };
    });
    const committeeName = township
      ? `中共${DISTRICT.name}${township.name}${township.streetKind === 'subdistrict' ? '工作' : ''}委员会`
      : `中共${DISTRICT.name}${bare(d.name)}机关委员会`;
    const committee = addOrg({ name: committeeName, kind: 'committee', parent_id: null, department_id: d.id, region_id: d.region_id, region_path: d.region_path, secretary: people[0].name });
    const branchCount = township ? 1 : Math.max(1, Math.ceil(count / 30));
    const branches = Array.from({ length: branchCount }, (_, k) => addOrg({
      name: `${bare(d.name)}机关${branchCount === 1 ? '' : `第${ordinal(k)}`}党支部`, kind: 'branch', parent_id: committee.id,
      department_id: d.id, region_id: d.region_id, region_path: d.region_path,
      secretary: (people.find((p, i) => i > 0 && p.party && i % branchCount === k) ?? people[0]).name,
    }));
    // Community and village party organisations answer to the township's committee.
    for (const child of township?.children ?? []) {
      addOrg({
        name: child.name + (child.kind === 'urban' ? '党总支' : '党支部'), kind: child.kind === 'urban' ? 'general_branch' : 'branch',
        parent_id: committee.id, department_id: d.id, region_id: child.id, region_path: child.path,
        secretary: personName(rng, chance(rng, 0.75) ? 'M' : 'F', int(rng, 1960, 1990)),
      });
    }
    people.forEach((p, k) => {
      const id = cadres.length + 1;
      cadres.push({
        id, code: `GB${String(id).padStart(6, '0')}`, name: p.name, gender: p.gender, department_id: d.id,
        party_org_id: p.party ? (k === 0 ? committee.id : branches[k % branchCount].id) : null,
        party_member: p.party, is_local: p.local, years_of_service: p.years, origin_village: p.origin,
        phone: mobile(rng), position: p.position, region_id: d.region_id, region_path: d.region_path,
      });
    });
  });
  return { departments, partyOrgs, cadres };
}
