// Reference data every request touches — categories, departments, region names, the routing
// table, who the dispatchers are — read once and kept for REFERENCE_MS, so intake and lists do
// not ask the database for them again and again. A write (categories, routing rules,
// departments) drops the copy at once, here and — through platform/cache-bus.ts — in the other
// server processes on the same PostgreSQL; REFERENCE_MS is the safety net.
import type { DB } from '../../db/connection.ts';
import { forget, onForget } from '../../platform/cache-bus.ts';
import type { RequestCategory } from '../../db/schema.ts';
import { LOCAL_DEPARTMENT } from '../../reference/categories.ts';
import { DEFAULT_WARNING, type WarningPolicy } from '../../domain/calendar.ts';

const REFERENCE_MS = 30_000;

export interface Reference {
  categories: Map<number, RequestCategory>;
  departments: Map<number, { id: number; code: string; name: string; kind: string; region_path: string }>;
  departmentByCode: Map<string, { id: number; name: string }>;
  departmentNames: Map<number, string>;
  townships: { id: number; name: string; region_path: string }[];
  regions: Map<number, string>;
  routing: { category_id: number; region_path: string; department_id: number }[];
  users: { id: number; role: string; region_path: string | null; department_id: number | null }[];
  /** When a request turns yellow (setting 'requests.warning'). */
  warning: WarningPolicy;
}

const cache = new WeakMap<DB, { at: number; ref: Promise<Reference> }>();

export function reference(db: DB): Promise<Reference> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < REFERENCE_MS) return hit.ref;
  const ref = load(db);
  cache.set(db, { at: Date.now(), ref });
  ref.catch(() => cache.delete(db));
  return ref;
}

onForget('reference', (db) => cache.delete(db));
/** After a write of categories, departments, routing rules, regions or the warning policy (committed): here and in the other processes. */
export function forgetReference(db: DB) { forget(db, 'reference'); }

async function load(db: DB): Promise<Reference> {
  const [cats, deps, regions, routing, users, warning] = await Promise.all([
    db.selectFrom('request_categories').selectAll().execute(),
    db.selectFrom('departments').select(['id', 'code', 'name', 'kind', 'region_path']).execute(),
    db.selectFrom('regions').select(['id', 'name']).execute(),
    db.selectFrom('routing_rules').select(['category_id', 'region_path', 'department_id']).execute(),
    db.selectFrom('users').select(['id', 'role', 'region_path', 'department_id']).where('active', '=', true).where('role', 'in', ['dispatcher', 'leader', 'handler']).execute(),
    db.selectFrom('settings').select('value').where('key', '=', WARNING_SETTING).executeTakeFirst(),
  ]);
  return {
    categories: new Map(cats.map((c) => [c.id, c])),
    departments: new Map(deps.map((d) => [d.id, d])),
    departmentByCode: new Map(deps.map((d) => [d.code, d])),
    departmentNames: new Map(deps.map((d) => [d.id, d.name])),
    townships: deps.filter((d) => d.kind === 'township'),
    regions: new Map(regions.map((r) => [r.id, r.name])),
    routing: routing.sort((a, b) => b.region_path.length - a.region_path.length),
    users,
    warning: { ...DEFAULT_WARNING, ...((warning?.value as Partial<WarningPolicy> | undefined) ?? {}) },
  };
}

export const WARNING_SETTING = 'requests.warning';

/**
 * The department a request of this category at this place goes to by default: the routing
 * rule of the deepest region on its path, else the category's department, where
 * 'street-office' means the township department whose region contains the place.
 */
export function routeFrom(ref: Reference, categoryId: number, regionPath: string): { id: number; name: string; via: 'rule' | 'category' | 'township' } | null {
  const rule = ref.routing.find((r) => r.category_id === categoryId && regionPath.startsWith(r.region_path));
  if (rule) { const d = ref.departments.get(rule.department_id); if (d) return { id: d.id, name: d.name, via: 'rule' }; }
  const cat = ref.categories.get(categoryId);
  if (!cat) return null;
  if (cat.department_code === LOCAL_DEPARTMENT) {
    const t = ref.townships.filter((x) => regionPath.startsWith(x.region_path)).sort((a, b) => b.region_path.length - a.region_path.length)[0];
    return t ? { id: t.id, name: t.name, via: 'township' } : null;
  }
  const d = ref.departmentByCode.get(cat.department_code);
  return d ? { id: d.id, name: d.name, via: 'category' } : null;
}

/** Active users of a role whose region covers a place. */
export const usersCovering = (ref: Reference, role: string, regionPath: string) =>
  ref.users.filter((u) => u.role === role && u.region_path !== null && regionPath.startsWith(u.region_path)).map((u) => u.id);
