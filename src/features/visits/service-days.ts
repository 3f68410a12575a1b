// Service days (直通日 on the 5th, 阳光8号 on the 8th …): each month's dates from the settings,
// who took part, and the reminders sent to cadres and grid workers the set number of days before.
import type { DB } from '../../db/connection.ts';
import { Permission } from '../../domain/access.ts';
import { chinaDate, isDate } from '../../domain/calendar.ts';
import { remindersDue, serviceDayDates } from '../../domain/visits.ts';
import { inScope, requireInScope, requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { invalid } from '../../platform/errors.ts';
import { notify } from '../requests/notify.ts';
import { liaisonSettings } from './settings.ts';

async function serviceDay(db: DB, code: string, date: string) {
  const s = await liaisonSettings(db);
  const day = s.serviceDays.find((d) => d.code === code);
  if (!day) throw invalid('code', '没有这个服务日', 'no such service day', code);
  if (!isDate(date) || !serviceDayDates(date.slice(0, 7), [day]).some((d) => d.date === date)) {
    throw invalid('date', `${date} 不是${day.name}`, `${date} is not a ${day.code} day`, date);
  }
  return day;
}

export async function serviceDaysOfMonth(db: DB, actor: Actor, month: string) {
  requirePermission(actor, Permission.RegistryRead);
  const s = await liaisonSettings(db);
  const dates = serviceDayDates(month, s.serviceDays);
  if (!dates.length) return { items: [] };
  const counts = await inScope(db.selectFrom('service_day_attendance').select(['code', 'held_on', (eb) => eb.fn.countAll<number>().as('n')]), actor, 'region_path')
    .where('held_on', '>=', dates[0].date).where('held_on', '<=', dates[dates.length - 1].date).groupBy(['code', 'held_on']).execute();
  return { items: dates.map((d) => ({ ...d, attendance: Number(counts.find((c) => c.code === d.code && c.held_on === d.date)?.n ?? 0) })) };
}

export async function attendance(db: DB, actor: Actor, code: string, date: string) {
  requirePermission(actor, Permission.RegistryRead);
  const day = await serviceDay(db, code, date);
  const rows = await inScope(db.selectFrom('service_day_attendance as a').innerJoin('cadres as c', 'c.id', 'a.cadre_id')
    .select(['c.id', 'c.name', 'a.note', 'a.created_at']), actor, 'a.region_path').where('a.code', '=', code).where('a.held_on', '=', date).orderBy('c.id').execute();
  return { code, name: day.name, date, cadres: rows.map((r) => ({ id: r.id, name: r.name, note: r.note, recordedAt: r.created_at })) };
}

/** Who took part: adds cadres (a cadre recorded twice stays once). */
export async function recordAttendance(db: DB, actor: Actor, code: string, date: string, input: { cadreIds: number[]; note?: string | null }, now = new Date()) {
  requirePermission(actor, Permission.VisitRecord);
  await serviceDay(db, code, date);
  if (date > chinaDate(now)) throw invalid('date', '服务日还没到，不能登记参加人员', 'the service day has not come yet', date);
  const cadres = await db.selectFrom('cadres').select(['id', 'region_path']).where('id', 'in', input.cadreIds).execute();
  for (const id of input.cadreIds) if (!cadres.some((c) => c.id === id)) throw invalid('cadreIds', `干部 ${id} 不存在`, `no cadre ${id}`, id);
  for (const c of cadres) requireInScope(actor, c.region_path, 'cadreIds');
  await db.transaction().execute(async (trx) => {
    const added = await trx.insertInto('service_day_attendance').values(cadres.map((c) => ({
      code, held_on: date, cadre_id: c.id, region_path: c.region_path, note: input.note?.trim() || null, recorded_by: actor.userId,
    }))).onConflict((oc) => oc.columns(['code', 'held_on', 'cadre_id']).doNothing()).returning('cadre_id').execute();
    if (added.length) await writeAudit(trx, actor, [{ action: 'create', entity: 'service_day_attendance', entityId: `${code}:${date}`, after: { cadres: added.map((a) => a.cadre_id) } }]);
  });
  return attendance(db, actor, code, date);
}

/** Send each due reminder once (the marker row is written in the same transaction as the notices). */
export async function remindServiceDays(db: DB, now = new Date()): Promise<number> {
  const s = await liaisonSettings(db);
  let sent = 0;
  for (const d of remindersDue(chinaDate(now), s.serviceDays)) {
    await db.transaction().execute(async (trx) => {
      const users = await trx.selectFrom('users').select('id').where('role', 'in', ['cadre', 'grid_worker']).where('active', '=', true).execute();
      const marker = await trx.insertInto('service_day_reminders').values({ code: d.code, held_on: d.date, recipients: users.length })
        .onConflict((oc) => oc.columns(['code', 'held_on']).doNothing()).returning('code').executeTakeFirst();
      if (!marker) return;
      const [, m, day] = d.date.split('-').map(Number);
      await notify(trx, users.map((u) => u.id), { kind: 'service_day', requestId: null, title: `${m}月${day}日是${d.name}`, body: `请按时参加${d.name}活动，活动后登记参加情况。` });
      sent += users.length;
    });
  }
  return sent;
}
