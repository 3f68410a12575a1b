// Visits (走访) and what makes them due: the kinds, the settings a district chooses (how often a
// priority household is visited, how soon after an event, which days of the month are service
// days), and the pure rules that turn them into due dates, reminders and coverage figures.
import { addDays, isDate } from './calendar.ts';

export const VISIT_KINDS = ['routine', 'priority', 'timely', 'contact_day'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_ZH: Record<VisitKind, string> = { routine: '日常走访', priority: '重点访', timely: '及时访', contact_day: '直通日' };

/** Events on a household that call for a timely visit (及时访). */
export const EVENT_KINDS = ['illness', 'disaster', 'death', 'hardship', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_ZH: Record<EventKind, string> = { illness: '重病住院', disaster: '受灾', death: '亲人去世', hardship: '生活困难', other: '其他变故' };

export interface ServiceDay { code: string; name: string; dayOfMonth: number; remindDaysBefore: number }
export interface LiaisonSettings {
  /** A priority household (五老, 低保, 困难, 重病 …) is due a visit this many days after the last one. */
  priorityIntervalDays: number;
  /** Days after an event within which the timely visit is due. */
  timelyDueDays: Record<EventKind, number>;
  serviceDays: ServiceDay[];
}

export const DEFAULT_LIAISON_SETTINGS: LiaisonSettings = {
  priorityIntervalDays: 30,
  timelyDueDays: { illness: 3, disaster: 1, death: 3, hardship: 7, other: 7 },
  serviceDays: [
    { code: 'zhitong', name: '直通日', dayOfMonth: 5, remindDaysBefore: 1 },
    { code: 'yangguang8', name: '阳光8号', dayOfMonth: 8, remindDaysBefore: 1 },
  ],
};

export interface SettingsProblem { field: string; reason: string; reason_en: string }

/** Problems with a settings object a person submitted; empty when it can be saved. */
export function settingsProblems(s: LiaisonSettings): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  if (!Number.isInteger(s.priorityIntervalDays) || s.priorityIntervalDays < 1 || s.priorityIntervalDays > 366) {
    out.push({ field: 'priorityIntervalDays', reason: '重点户走访间隔应为 1–366 天', reason_en: 'the priority interval must be 1–366 days' });
  }
  for (const k of EVENT_KINDS) {
    const d = s.timelyDueDays[k];
    if (!Number.isInteger(d) || d < 0 || d > 60) out.push({ field: `timelyDueDays.${k}`, reason: `${EVENT_KIND_ZH[k]}的及时访期限应为 0–60 天`, reason_en: `the timely-visit limit for ${k} must be 0–60 days` });
  }
  const codes = new Set<string>();
  s.serviceDays.forEach((d, i) => {
    if (!/^[a-z0-9-]{1,30}$/.test(d.code)) out.push({ field: `serviceDays.${i}.code`, reason: '代码只能用小写字母、数字和连字符', reason_en: 'the code may use lower-case letters, digits and hyphens' });
    if (codes.has(d.code)) out.push({ field: `serviceDays.${i}.code`, reason: '服务日代码重复', reason_en: 'duplicate service-day code' });
    codes.add(d.code);
    if (!d.name.trim()) out.push({ field: `serviceDays.${i}.name`, reason: '请填写名称', reason_en: 'name the service day' });
    if (!Number.isInteger(d.dayOfMonth) || d.dayOfMonth < 1 || d.dayOfMonth > 31) out.push({ field: `serviceDays.${i}.dayOfMonth`, reason: '日期应为每月 1–31 日', reason_en: 'the day of the month must be 1–31' });
    if (!Number.isInteger(d.remindDaysBefore) || d.remindDaysBefore < 0 || d.remindDaysBefore > 14) out.push({ field: `serviceDays.${i}.remindDaysBefore`, reason: '提前提醒天数应为 0–14', reason_en: 'remind 0–14 days before' });
  });
  return out;
}

/**
 * When a priority household is next due: the interval after its last visit, or — never visited —
 * the interval after it became known (so a household added today is not overdue today).
 */
export function priorityDue(lastVisitOn: string | null, knownSince: string, intervalDays: number, today: string): { dueOn: string; overdue: boolean } {
  const dueOn = addDays(lastVisitOn ?? knownSince, intervalDays);
  return { dueOn, overdue: dueOn < today };
}

export function timelyDueOn(occurredOn: string, kind: EventKind, s: LiaisonSettings): string {
  return addDays(occurredOn, s.timelyDueDays[kind] ?? 7);
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The dates of each service day in a month ('YYYY-MM'); a 31st falls on the month's last day. */
export function serviceDayDates(month: string, days: ServiceDay[]): { code: string; name: string; date: string }[] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const y = Number(m?.[1]), mo = Number(m?.[2]);
  if (!m || mo < 1 || mo > 12) return [];
  const last = daysInMonth(y, mo);
  return days.map((d) => ({ code: d.code, name: d.name, date: `${month}-${String(Math.min(d.dayOfMonth, last)).padStart(2, '0')}` }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.code.localeCompare(b.code));
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** The next service days on or after today, soonest first. */
export function upcomingServiceDays(today: string, days: ServiceDay[], count = 3) {
  const out: { code: string; name: string; date: string }[] = [];
  let month = today.slice(0, 7);
  for (let i = 0; i < 13 && out.length < count && days.length; i++, month = nextMonth(month)) {
    out.push(...serviceDayDates(month, days).filter((d) => d.date >= today));
  }
  return out.slice(0, count);
}

/** The service days whose reminder falls on today (remindDaysBefore days ahead, or on the day for 0). */
export function remindersDue(today: string, days: ServiceDay[]) {
  return days.flatMap((d) => {
    const date = addDays(today, d.remindDaysBefore);
    return serviceDayDates(date.slice(0, 7), [d]).filter((x) => x.date === date);
  });
}

/** Share of households visited, 0..1; an empty set counts as fully covered only when nothing is owed. */
export function coverageRate(households: number, visited: number): number {
  if (households <= 0) return 0;
  return Math.min(1, visited / households);
}

export interface VisitDraft { visitedOn: string; kind: VisitKind; householdIds: number[] }

/** Why a visit cannot be recorded as given (dates in China time), or null. */
export function visitProblem(v: VisitDraft, today: string): SettingsProblem | null {
  if (!isDate(v.visitedOn)) return { field: 'visitedOn', reason: '日期格式应为 YYYY-MM-DD', reason_en: 'use YYYY-MM-DD' };
  if (v.visitedOn > today) return { field: 'visitedOn', reason: '走访日期不能晚于今天', reason_en: 'a visit cannot be in the future' };
  if (v.visitedOn < addDays(today, -366)) return { field: 'visitedOn', reason: '只能补记一年内的走访', reason_en: 'visits older than a year cannot be recorded' };
  if (new Set(v.householdIds).size !== v.householdIds.length) return { field: 'householdIds', reason: '住户重复', reason_en: 'a household is listed twice' };
  return null;
}
