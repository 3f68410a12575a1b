// Department suggestion on the database: the routing table's department for the category and
// place, adjusted by where the office sent the same category from the same community (then
// street) over the last half year — see src/domain/department-suggest.ts.
import type { DB } from '../../db/connection.ts';
import { suggestDepartments } from '../../domain/department-suggest.ts';
import { reference, routeFrom } from '../requests/reference.ts';

const HALF_YEAR = 183 * 86_400_000;
/** The path of the region `levels` deep: '/1/3/12/45/' cut to 3 → '/1/3/12/'. */
const cut = (path: string, levels: number) => `/${path.split('/').filter(Boolean).slice(0, levels).join('/')}/`;

export async function suggestDepartment(db: DB, categoryId: number, regionPath: string, now = new Date()) {
  const ref = await reference(db);
  const table = routeFrom(ref, categoryId, regionPath);
  const since = new Date(now.getTime() - HALF_YEAR);
  const places = [{ path: cut(regionPath, 3), level: 3 }, { path: cut(regionPath, 2), level: 2 }].filter((p) => p.path.split('/').filter(Boolean).length === p.level);
  const history = [];
  for (const p of places) {
    const rows = await db.selectFrom('requests').select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('category_id', '=', categoryId).where('parent_id', 'is', null).where('department_id', 'is not', null)
      .where('dispatched_at', '>=', since).where('region_path', 'like', `${p.path}%`).groupBy('department_id').execute();
    const name = ref.regions.get(Number(p.path.split('/').filter(Boolean).at(-1))) ?? p.path;
    history.push({ place: name, counts: rows.map((r) => ({ departmentId: r.department_id!, n: Number(r.n) })) });
  }
  return suggestDepartments(table ? { departmentId: table.id } : null, history)
    .map((s) => ({ ...s, name: ref.departmentNames.get(s.departmentId) ?? String(s.departmentId) }));
}
