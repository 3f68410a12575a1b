import { describe, expect, it } from 'vitest';
import { baseCalendar } from '../features/calendar/base-data.ts';
import { WorkCalendar, addDays, chinaDate, chinaInstant, deadlineOf, isDate, parseTimeLimit, warningColour } from './calendar.ts';

const base = baseCalendar();
const cal = new WorkCalendar(base.days, base.years);

describe('working calendar', () => {
  it('counts 7 working days after 2026-09-28 to 2026-10-13 (Mid-Autumn, National Day, the 10 Oct make-up day)', () => {
    expect(cal.addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休
    expect(cal.isWorkingDay('2026-10-05')).toBe(false);
    expect(cal.isWorkingDay('2026-09-25')).toBe(false); // 中秋 Friday
  });
  it('crosses the 2026 Spring Festival', () => {
    // 2026 春节: 15–23 Feb off, 14 Feb (Sat) and 28 Feb (Sat) worked.
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    // 13 Fri, 14 Sat (调休), 24, 25, 26, 27, then 28 Sat (调休) is the 7th.
    expect(cal.addWorkingDays('2026-02-12', 7)).toBe('2026-02-28');
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-28')).toBe(7);
  });
  it('takes a holiday the administrator adds, and a correction of a base day', () => {
    const custom = new WorkCalendar([...base.days, { date: '2026-11-23', kind: 'holiday', name: '海岛节' }], base.years);
    expect(cal.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(custom.addWorkingDays('2026-11-20', 1)).toBe('2026-11-24');
    const corrected = new WorkCalendar([...base.days.filter((d) => d.date !== '2026-10-10')], base.years);
    expect(corrected.addWorkingDays('2026-09-28', 7)).toBe('2026-10-14');
  });
  it('knows which years it covers', () => {
    expect(cal.covers(2026)).toBe(true);
    expect(cal.missingYears(2026, 2027)).toEqual(cal.covers(2027) ? [] : [2027]);
  });
  it('counts working days between dates both ways and matches addWorkingDays', () => {
    for (const [from, n] of [['2026-09-28', 7], ['2026-01-30', 12], ['2026-04-30', 3], ['2026-12-31', 1]] as const) {
      const to = cal.addWorkingDays(from, n);
      expect(cal.workingDaysBetween(from, to)).toBe(n);
      expect(cal.workingDaysBetween(to, from)).toBe(-n);
    }
    expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08');
    expect(() => cal.addWorkingDays('2026-10-03', -1)).toThrow(RangeError);
  });
  it('validates dates and time limits', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(parseTimeLimit('7d')).toEqual({ amount: 7, unit: 'workdays' });
    expect(parseTimeLimit('24h')).toEqual({ amount: 24, unit: 'hours' });
    expect(parseTimeLimit('0d')).toBeNull();
    expect(parseTimeLimit('7 days')).toBeNull();
  });
});

describe('deadlines and warning colours', () => {
  it('ends a working-day limit at the end of the last day, in China time', () => {
    const received = chinaInstant('2026-09-28', '23:30:00.000');
    const due = deadlineOf(cal, received, { amount: 7, unit: 'workdays' });
    expect(chinaDate(due)).toBe('2026-10-13');
    expect(due.toISOString()).toBe('2026-10-13T15:59:59.999Z');
    // A request received on a Saturday night UTC (Sunday morning in China) counts from Sunday.
    expect(chinaDate(new Date('2026-10-10T17:00:00Z'))).toBe('2026-10-11');
  });
  it('counts hour limits on the clock, weekends included', () => {
    const at = chinaInstant('2026-10-02', '10:00:00.000');
    expect(deadlineOf(cal, at, { amount: 24, unit: 'hours' }).toISOString()).toBe('2026-10-03T02:00:00.000Z');
  });
  it('is green in time, yellow with a working day or 20% left, red when overdue', () => {
    const start = chinaInstant('2026-09-28', '09:00:00.000');
    const due = deadlineOf(cal, start, { amount: 7, unit: 'workdays' });
    expect(warningColour(cal, chinaInstant('2026-09-29', '10:00:00.000'), start, due)).toBe('green');
    // The National Day week is idle time: on 9 Oct four working days remain (9, 10, 12, 13).
    expect(warningColour(cal, chinaInstant('2026-10-09', '10:00:00.000'), start, due)).toBe('green');
    expect(warningColour(cal, chinaInstant('2026-10-12', '18:00:00.000'), start, due)).toBe('yellow'); // 20% of the span left
    expect(warningColour(cal, chinaInstant('2026-10-13', '08:00:00.000'), start, due)).toBe('yellow');
    expect(warningColour(cal, chinaInstant('2026-10-14', '00:00:01.000'), start, due)).toBe('red');
    const urgent = deadlineOf(cal, start, { amount: 24, unit: 'hours' });
    expect(warningColour(cal, chinaInstant('2026-09-28', '12:00:00.000'), start, urgent, undefined, 'hours')).toBe('green');
    expect(warningColour(cal, chinaInstant('2026-09-29', '05:00:00.000'), start, urgent, undefined, 'hours')).toBe('yellow');
  });
  it('takes a configured threshold', () => {
    const start = chinaInstant('2026-11-02', '09:00:00.000');
    const due = deadlineOf(cal, start, { amount: 7, unit: 'workdays' });
    const now = chinaInstant('2026-11-09', '09:00:00.000'); // 3 working days left (9, 10, 11)
    expect(warningColour(cal, now, start, due)).toBe('green');
    expect(warningColour(cal, now, start, due, { yellowWorkdays: 3, yellowShare: 0.2 })).toBe('yellow');
  });
});
