// The working calendar in use: the base data (chinese-days) overlaid with the administrator's
// entries. Cached per database for a short while; a write here drops the cache at once, and
// other server processes pick it up within CACHE_MS.

import { forget, onForget } from '../../platform/cache-bus.ts';
import type { DB } from '../../db/connection.ts';
import { WorkCalendar, addDays, chinaDate, isDate, type CalendarDay } from '../../domain/calendar.ts';
import { Permission } from '../../domain/access.ts';
import { requirePermission, type Actor } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { invalid } from '../../platform/errors.ts';
import { baseCalendar } from './base-data.ts';

const CACHE_MS = 30_000;
const cache = new WeakMap<DB, { at: number; cal: WorkCalendar }>();

export type EntryKind = 'holiday' | 'workday' | 'normal';
export interface CalendarEntry { date: string; kind: EntryKind; name: string | null }

export async function loadCalendar(db: DB): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
  const base = baseCalendar();
  const own = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
  const years = await db.selectFrom('calendar_years').select('year').execute();
  const byDate = new Map<string, CalendarDay | null>(base.days.map((d) => [d.date, d]));
  for (const d of own) byDate.set(d.date, d.kind === 'normal' ? null : { date: d.date, kind: d.kind as CalendarDay['kind'], name: d.name });
  const days = [...byDate.values()].filter((d): d is CalendarDay => d !== null);
  const cal = new WorkCalendar(days, [...base.years, ...years.map((y) => y.year)]);
  cache.set(db, { at: Date.now(), cal });
  return cal;
}

onForget('calendar', (db) => cache.delete(db));
/** After a committed calendar write: here and in the other processes. */
export function forgetCalendar(db: DB) { forget(db, 'calendar'); }

/** The calendar's state for the dashboard: which of this year and next are missing. */
export async function calendarStatus(db: DB, now = new Date()) {
  const cal = await loadCalendar(db);
  const year = Number(chinaDate(now).slice(0, 4));
  const missing = cal.missingYears(year, year + 1);
  return {
    years: [...cal.years].sort((a, b) => a - b),
    missing,
    message: missing.length ? `缺少 ${missing.join('、')} 年的节假日安排，期限按普通周末计算可能有误，请在“工作日历”中补充|the holiday calendar for ${missing.join(', ')} is missing: deadlines may count holidays as working days until it is added` : null,
  };
}

/** Every special day of a year as the calendar sees it, marked with where it came from. */
export async function yearDays(db: DB, year: number) {
  const base = baseCalendar().days.filter((d) => d.date.startsWith(`${year}-`));
  const own = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
  const out = new Map<string, { date: string; kind: EntryKind; name: string | null; source: 'base' | 'admin' }>();
  for (const d of base) out.set(d.date, { date: d.date, kind: d.kind, name: d.name ?? null, source: 'base' });
  for (const d of own) out.set(d.date, { date: d.date, kind: d.kind as EntryKind, name: d.name, source: 'admin' });
  const cal = await loadCalendar(db);
  return { year, known: cal.covers(year), days: [...out.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

export function checkEntries(entries: CalendarEntry[]): CalendarEntry[] {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (!isDate(e.date)) throw invalid(`days[${i}].date`, `不是有效日期：${e.date}`, `not a valid date: ${e.date}`, e.date);
    if (!['holiday', 'workday', 'normal'].includes(e.kind)) throw invalid(`days[${i}].kind`, '类型应为 holiday（休）、workday（班）或 normal', 'kind must be holiday, workday or normal', e.kind);
    if (seen.has(e.date)) throw invalid(`days[${i}].date`, `日期重复：${e.date}`, `date given twice: ${e.date}`, e.date);
    seen.add(e.date);
  });
  return entries;
}

/** Set (or take back, kind 'normal' over a base day) single days. */
export async function setDays(db: DB, actor: Actor, entries: CalendarEntry[]) {
  requirePermission(actor, Permission.CalendarManage);
  checkEntries(entries);
  await db.transaction().execute(async (trx) => {
    const before = entries.length ? await trx.selectFrom('calendar_days').selectAll().where('date', 'in', entries.map((e) => e.date)).execute() : [];
    for (const e of entries) {
      await trx.insertInto('calendar_days').values({ date: e.date, kind: e.kind, name: e.name, updated_by: actor.userId })
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind: e.kind, name: e.name, updated_by: actor.userId, updated_at: new Date() })).execute();
    }
    await writeAudit(trx, actor, [{ action: 'update', entity: 'calendar', entityId: entries.map((e) => e.date).join(','), before, after: entries }]);
  });
  forgetCalendar(db);
}

/** Remove the administrator's entry for a day, so the base data (or the weekday rule) applies again. */
export async function clearDay(db: DB, actor: Actor, date: string) {
  requirePermission(actor, Permission.CalendarManage);
  await db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('calendar_days').where('date', '=', date).returningAll().executeTakeFirst();
    if (!before) throw invalid('date', '该日没有管理员设置的记录', 'no entry of the administrator for that day', date);
    await writeAudit(trx, actor, [{ action: 'delete', entity: 'calendar', entityId: date, before }]);
  });
  forgetCalendar(db);
}

/**
 * A whole year's holidays and make-up days (from the State Council notice): afterwards the year
 * is exactly what was imported: base entries the notice does not list are taken back, and the
 * year counts as known.
 */
export async function importYears(db: DB, actor: Actor, entries: CalendarEntry[], note: string | null = null) {
  requirePermission(actor, Permission.CalendarManage);
  checkEntries(entries);
  const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))];
  if (!years.length) throw invalid('days', '没有任何日期', 'no days given');
  const listed = new Set(entries.map((e) => e.date));
  const takeBack = baseCalendar().days.filter((d) => years.includes(Number(d.date.slice(0, 4))) && !listed.has(d.date));
  await db.transaction().execute(async (trx) => {
    for (const y of years) {
      await trx.deleteFrom('calendar_days').where('date', '>=', `${y}-01-01`).where('date', '<=', `${y}-12-31`).execute();
      await trx.insertInto('calendar_years').values({ year: y, note, updated_by: actor.userId })
        .onConflict((oc) => oc.column('year').doUpdateSet({ note, updated_by: actor.userId, updated_at: new Date() })).execute();
    }
    const rows = [...entries.map((e) => ({ ...e, updated_by: actor.userId })), ...takeBack.map((d) => ({ date: d.date, kind: 'normal' as const, name: null, updated_by: actor.userId }))];
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('calendar_days').values(rows.slice(i, i + 500)).execute();
    await writeAudit(trx, actor, [{ action: 'import', entity: 'calendar', entityId: years.join(','), after: { years, days: entries.length, takenBack: takeBack.map((d) => d.date) } }]);
  });
  forgetCalendar(db);
  return { years, days: entries.length, takenBack: takeBack.length };
}

const KIND_WORDS: Record<string, EntryKind> = { holiday: 'holiday', '休': 'holiday', '假': 'holiday', '放假': 'holiday', workday: 'workday', '班': 'workday', '上班': 'workday', '调休上班': 'workday', normal: 'normal' };

/**
 * Read a calendar file: CSV lines `日期,类型,名称` (类型 休/班 or holiday/workday; a header line
 * is skipped), or JSON `[{date, kind, name}]`. Date ranges `2027-02-06~2027-02-12` are expanded.
 */
export function parseCalendarFile(text: string): CalendarEntry[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t.startsWith('[')) return (JSON.parse(t) as CalendarEntry[]).map((e) => ({ date: e.date, kind: KIND_WORDS[e.kind] ?? e.kind, name: e.name ?? null }));
  const out: CalendarEntry[] = [];
  t.split(/\r?\n/).forEach((line, i) => {
    const [dateCell, kindCell, name] = line.split(/[,\t，]/).map((c) => c?.trim());
    if (!dateCell || (i === 0 && !/^\d/.test(dateCell))) return;
    const kind = KIND_WORDS[kindCell ?? ''];
    if (!kind) throw invalid(`line ${i + 1}`, `第 ${i + 1} 行类型应为 休 或 班：${kindCell ?? ''}`, `line ${i + 1}: kind must be 休/holiday or 班/workday`, kindCell);
    const [from, to = from] = dateCell.split(/[~～]/).map((s) => s.trim());
    if (!isDate(from) || !isDate(to) || to < from) throw invalid(`line ${i + 1}`, `第 ${i + 1} 行日期无效：${dateCell}`, `line ${i + 1}: not a valid date or range: ${dateCell}`, dateCell);
    for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, kind, name: name || null });
  });
  return out;
}

