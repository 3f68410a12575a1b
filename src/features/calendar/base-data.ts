// The base holiday data: the chinese-days package (State Council notices up to its release).
// Each year present there counts as known; the administrator adds or corrects the rest.
import { createRequire } from 'node:module';
import type { CalendarDay } from '../../domain/calendar.ts';

interface ChineseDays { holidays: Record<string, string>; workdays: Record<string, string> }

let cached: { days: CalendarDay[]; years: number[] } | null = null;

/** Holidays and make-up working days from chinese-days, with the years they cover. */
export function baseCalendar(): { days: CalendarDay[]; years: number[] } {
  if (cached) return cached;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDays;
  const days: CalendarDay[] = [];
  const nameOf = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) days.push({ date, kind: 'holiday', name: nameOf(v) });
  for (const [date, v] of Object.entries(data.workdays)) days.push({ date, kind: 'workday', name: `${nameOf(v)}调休` });
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  cached = { days, years };
  return cached;
}
