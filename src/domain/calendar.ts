// The official working calendar (工作日历): weekends, public holidays and make-up working days
// (调休). Deadlines are counted in working days on it, so a request received just before
// National Day is not overdue when the department comes back. Pure: the caller supplies the
// year data (base data from chinese-days, corrected by the administrator).
//
// Time zone: China has one, UTC+8 with no daylight saving, so a "day" here is a calendar date
// in UTC+8 and instants are converted with a fixed offset.

export type DayKind = 'holiday' | 'workday';
export interface CalendarDay { date: string; kind: DayKind; name?: string | null }

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === s;
}

/** The UTC+8 calendar date of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a UTC+8 date and time (hh:mm:ss.mmm) falls on. */
export function chinaInstant(date: string, time = '00:00:00.000'): Date {
  return new Date(`${date}T${time}+08:00`);
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(date + 'T00:00:00Z').getUTCDay();
}

export class WorkCalendar {
  private readonly kinds = new Map<string, DayKind>();
  /** Years whose holidays are known (from the base data or entered by the administrator). */
  readonly years: ReadonlySet<number>;

  constructor(days: Iterable<CalendarDay>, years: Iterable<number>) {
    for (const d of days) this.kinds.set(d.date, d.kind);
    this.years = new Set(years);
  }

  covers(year: number): boolean { return this.years.has(year); }

  isWorkingDay(date: string): boolean {
    const k = this.kinds.get(date);
    if (k) return k === 'workday';
    const w = weekday(date);
    return w !== 0 && w !== 6;
  }

  /**
   * The date n working days after `date` (the day itself does not count: the 1st working day
   * after Monday is Tuesday). n = 0 gives `date` if it is a working day, else the next one.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let d = date;
    if (n === 0) { while (!this.isWorkingDay(d)) d = addDays(d, 1); return d; }
    for (let left = n; left > 0;) { d = addDays(d, 1); if (this.isWorkingDay(d)) left--; }
    return d;
  }

  /** Working days in (from, to]: how many working days pass from one date to a later one; negative if to < from. */
  workingDaysBetween(from: string, to: string): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** Years from `from` to `to` (inclusive) that the calendar does not know. */
  missingYears(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) if (!this.covers(y)) out.push(y);
    return out;
  }
}

/** A time limit: so many working days (to the end of the last one), or so many hours. */
export interface TimeLimit { amount: number; unit: 'workdays' | 'hours' }

export function parseTimeLimit(s: string): TimeLimit | null {
  const m = /^(\d{1,3})\s*(d|h)$/.exec(s.trim());
  if (!m || +m[1] === 0) return null;
  return { amount: +m[1], unit: m[2] === 'd' ? 'workdays' : 'hours' };
}
export const formatTimeLimit = (t: TimeLimit) => `${t.amount}${t.unit === 'workdays' ? 'd' : 'h'}`;

/**
 * When a limit that starts at `from` runs out. Working days end at 23:59:59.999 UTC+8 of the
 * n-th working day after the day of `from`; hours are counted on the clock (an urgent water
 * cut is not paused by a weekend).
 */
export function deadlineOf(cal: WorkCalendar, from: Date, limit: TimeLimit): Date {
  if (limit.unit === 'hours') return new Date(from.getTime() + limit.amount * 3600_000);
  return chinaInstant(cal.addWorkingDays(chinaDate(from), limit.amount), '23:59:59.999');
}

export type WarningColour = 'green' | 'yellow' | 'red';
export interface WarningPolicy {
  /** Yellow when at most this many working days are left (limits in working days). */
  yellowWorkdays: number;
  /** …or when at most this share of the time is left. */
  yellowShare: number;
}
export const DEFAULT_WARNING: WarningPolicy = { yellowWorkdays: 1, yellowShare: 0.2 };

/**
 * 预警: red when overdue; yellow when at most `yellowWorkdays` working days (counting today's
 * end) or at most `yellowShare` of the whole span is left; green otherwise.
 */
export function warningColour(cal: WorkCalendar, now: Date, start: Date, due: Date, policy: WarningPolicy = DEFAULT_WARNING, unit: TimeLimit['unit'] = 'workdays'): WarningColour {
  if (now.getTime() > due.getTime()) return 'red';
  const span = due.getTime() - start.getTime();
  const left = due.getTime() - now.getTime();
  if (span > 0 && left <= span * policy.yellowShare) return 'yellow';
  if (unit === 'workdays') {
    // Working days still to come after today, plus today if it is one: on the due day itself 1 is left.
    const today = chinaDate(now);
    const daysLeft = cal.workingDaysBetween(today, chinaDate(due)) + (cal.isWorkingDay(today) ? 1 : 0);
    if (daysLeft <= policy.yellowWorkdays) return 'yellow';
  }
  return 'green';
}
