// One login per role, all placed in the same corner of the district (the first community
// and its first grid) so a demo walks through one story from several desks. Passwords are
// derived from the seed: the same seed prints the same logins, a different seed changes them.
import type { Role } from '../access.ts';
import { personName } from './names.ts';
import type { Organisation } from './org.ts';
import type { DemoPlan } from './plan.ts';
import { chance, int, rngFor } from './random.ts';

export interface DemoUser {
  role: Role;
  username: string;
  password: string;
  displayName: string;
  region_id: number;
  region_path: string;
  department_id: number | null;
  household_id: number | null;
  cadre_id: number | null;
}

/** The logins the demo creates, fixed so their passwords can be hashed before loading starts. */
export const DEMO_USERNAMES = ['admin', 'dispatcher', 'handler', 'cadre', 'grid', 'director', 'leader', 'supervisor', 'resident'] as const;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function demoPassword(seed: number, username: string): string {
  const rng = rngFor(seed, 'password', username);
  let s = 'Lx';
  for (let i = 0; i < 8; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
  return s;
}

export function demoUsers(plan: DemoPlan, org: Organisation, resident: { householdId: number; headName: string }): DemoUser[] {
  const rng = rngFor(plan.seed, 'users');
  const name = () => personName(rng, chance(rng, 0.6) ? 'M' : 'F', int(rng, 1968, 1995));
  const grid = plan.grids.find((g) => g.firstHouseholdId <= resident.householdId && resident.householdId < g.firstHouseholdId + g.households);
  if (!grid) throw new Error(`household ${resident.householdId} is not in the plan`);
  const community = grid.parent;
  const dept = (code: string) => {
    const d = org.departments.find((x) => x.code === code);
    if (!d) throw new Error(`department ${code} missing`);
    return d;
  };
  const liaison = dept('liaison-office'), housing = dept('housing'), civil = dept('civil-affairs');
  const staff = (deptId: number) => org.cadres.find((c) => c.department_id === deptId && !/[长任记]$/.test(c.position)) ?? org.cadres.find((c) => c.department_id === deptId)!;
  const cadre = staff(civil.id);
  const d = plan.district;
  const user = (role: Role, username: (typeof DEMO_USERNAMES)[number], displayName: string, r: { id: number; path: string }, more: Partial<DemoUser> = {}): DemoUser => ({
    role, username, password: demoPassword(plan.seed, username), displayName, region_id: r.id, region_path: r.path,
    department_id: null, household_id: null, cadre_id: null, ...more,
  });
  return [
    user('admin', 'admin', '系统管理员', d),
    user('dispatcher', 'dispatcher', name(), d, { department_id: liaison.id }),
    user('handler', 'handler', staff(housing.id).name, d, { department_id: housing.id }),
    user('cadre', 'cadre', cadre.name, community, { cadre_id: cadre.id }),
    user('grid_worker', 'grid', name(), grid),
    user('community_director', 'director', name(), community),
    user('leader', 'leader', name(), d),
    user('supervisor', 'supervisor', name(), d),
    user('resident', 'resident', resident.headName, grid, { household_id: resident.householdId }),
  ];
}
