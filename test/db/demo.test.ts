// The demo district on a real database: exact counts, usable logins, sequences moved past the
// explicit ids, indexes and foreign keys restored after the bulk load, and no second load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/db.ts';
import { demoCounts, ensureDemo, loadDemo, type DemoLoaded } from '../../src/features/demo/demo.service.ts';
import { actorOf, login } from '../../src/platform/auth.ts';
import { chinaDate } from '../../src/domain/calendar.ts';
import { proposeTopics } from '../../src/features/routing/topics.service.ts';

let h: Awaited<ReturnType<typeof freshDatabase>>;
let loaded: DemoLoaded | null;
let indexesBefore: string[];
beforeAll(async () => {
  h = await freshDatabase();
  indexesBefore = await indexNames();
  loaded = await ensureDemo(h.db);
});
afterAll(async () => { await h?.close(); });

async function indexNames(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select indexrelid::regclass::text as name from pg_index where indrelid = any(array['households', 'residents']::regclass[])
    union all select conname from pg_constraint where conrelid = any(array['households', 'residents']::regclass[])
    order by 1`.execute(h.db);
  return rows.map((r) => r.name);
}

describe('demo loading', () => {
  it('loads the 长岛 figures exactly', async () => {
    expect(loaded).not.toBeNull();
    expect(await demoCounts(h.db)).toEqual({
      regions: 129, household_tags: 9, departments: 34, party_orgs: 134, cadres: 1196, buildings: 608,
      households: 15310, residents: 23301, shops: 504, users: 9,
    });
    expect(loaded!.rows).toBe(129 + 9 + 34 + 134 + 1196 + 608 + 15310 + 23301 + 504 + 9);
  });

  it('restores every index and constraint it set aside for the bulk load', async () => {
    expect(await indexNames()).toEqual(indexesBefore);
    await expect(sql`insert into residents (household_id, region_id, region_path, name) values (999999, 1, '/1/', 'x')`.execute(h.db))
      .rejects.toThrow(/foreign key/);
  });

  it('records settings, one audit entry per table, and working logins', async () => {
    const settings = await h.db.selectFrom('settings').select(['key', 'value']).execute();
    const demo = settings.find((s) => s.key === 'demo')!.value as { seed: number; scale: number; counts: Record<string, number> };
    expect(demo.scale).toBe(1);
    expect(demo.counts.households).toBe(15310);
    const admin = settings.find((s) => s.key === 'demo.admin')!.value as { username: string; password: string };
    expect(admin.username).toBe('admin');
    const audit = await h.db.selectFrom('audit_log').select(['action', 'entity', 'meta']).where('action', '=', 'seed').execute();
    expect(audit.find((a) => a.entity === 'residents')?.meta).toEqual({ count: 23301 });
    expect(audit).toHaveLength(13);
    // The requests of seed 001's table: 1,013 collected, 585 resolved, 224 in progress, 204 constrained.
    expect(audit.find((a) => a.entity === 'requests')?.meta).toEqual({ count: 1013 });
    const byStatus = Object.fromEntries((await h.db.selectFrom('requests').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute()).map((r) => [r.status, Number(r.n)]));
    expect((byStatus.resolved ?? 0) + (byStatus.closed ?? 0)).toBe(585);
    expect(byStatus.constrained).toBe(204);
    const events = await h.db.selectFrom('request_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(events.n)).toBeGreaterThan(1013 * 3);
    for (const u of loaded!.users) {
      const r = await login(h.db, u.username, u.password, { ip: `10.0.0.${u.username.length}`, userAgent: null });
      expect(r.user.role).toBe(u.role);
    }
  });

  it('has a hot topic to propose: neighbours on one road telling of the same cave-in', async () => {
    const planted = await h.db.selectFrom('requests').select(['id', 'received_at', 'household_id']).where('text', 'like', '%路面塌陷%大坑%').execute();
    expect(planted.length).toBe(8);
    expect(new Set(planted.map((r) => r.household_id)).size).toBe(8);
    // The month holding most of them (they span five days, which on the first days of a month straddle two).
    const months = new Map<string, number>();
    for (const r of planted) { const m = chinaDate(new Date(r.received_at)).slice(0, 7); months.set(m, (months.get(m) ?? 0) + 1); }
    const [month, inMonth] = [...months].sort((a, b) => b[1] - a[1])[0];
    const u = await h.db.selectFrom('users').selectAll().where('role', '=', 'dispatcher').orderBy('id').executeTakeFirstOrThrow();
    const r = await proposeTopics(h.db, actorOf(u), { month });
    const ids = new Set(planted.map((p) => p.id));
    // All of that month's (a demo month is small, so every request is compared with every other
    // of its community), and nothing else.
    const roadTopic = r.proposals.find((p) => p.requestIds.filter((id: number) => ids.has(id)).length === inMonth);
    if (roadTopic) expect(roadTopic.requestIds.every((id: number) => ids.has(id))).toBe(true);
    if (inMonth >= 5) expect(roadTopic, JSON.stringify(r.proposals.map((p) => [p.title, p.requestIds.length]))).toBeDefined();
    if (roadTopic) expect(roadTopic.category?.code).toBe('roads');
  });

  it('pairs every household with a group, records weeks of visits and gives the demo cadre households of their own community', async () => {
    const missing = await h.db.selectFrom('households as x').leftJoin('household_liaisons as l', 'l.household_id', 'x.id').select('x.id').where('l.group_id', 'is', null).execute();
    expect(missing).toEqual([]);
    const groups = await h.db.selectFrom('liaison_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(groups.n)).toBeGreaterThan(400);
    const audit = await h.db.selectFrom('audit_log').select(['entity', 'meta']).where('action', '=', 'seed').where('entity', 'in', ['liaison_groups', 'visits']).execute();
    expect((audit.find((a) => a.entity === 'liaison_groups')!.meta as { count: number }).count).toBe(Number(groups.n));
    const visited = await h.db.selectFrom('household_last_visits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(visited.n)).toBeGreaterThan(15310 * 0.4);
    expect(Number(visited.n)).toBeLessThan(15310);
    const cadre = await h.db.selectFrom('users').select(['cadre_id', 'region_path']).where('username', '=', 'cadre').executeTakeFirstOrThrow();
    const mine = await h.db.selectFrom('liaison_group_members as m').innerJoin('household_liaisons as l', 'l.group_id', 'm.group_id')
      .innerJoin('households as x', 'x.id', 'l.household_id').select(['x.region_path']).where('m.cadre_id', '=', cadre.cadre_id!).execute();
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.every((x) => x.region_path.startsWith(cadre.region_path!))).toBe(true);
    const pairs = await h.db.selectFrom('responsibilities').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'pairing').executeTakeFirstOrThrow();
    const communities = await h.db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '=', 'community').executeTakeFirstOrThrow();
    expect(Number(pairs.n)).toBe(Number(communities.n));
  });

  it('moves the id sequences past the loaded rows', async () => {
    const row = await h.db.insertInto('households').values({ external_code: 'HH-NEW', address: '新地址', region_id: 1, region_path: '/1/' })
      .returning('id').executeTakeFirstOrThrow();
    expect(row.id).toBe(15311);
    await h.db.deleteFrom('households').where('id', '=', row.id).execute();
  });

  it('does not load twice', async () => {
    expect(await ensureDemo(h.db)).toBeNull();
    await expect(loadDemo(h.db)).rejects.toThrow();
  });
});
