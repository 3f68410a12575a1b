import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_LIAISON_SETTINGS, coverageRate, priorityDue, remindersDue, serviceDayDates, settingsProblems, timelyDueOn, upcomingServiceDays, visitProblem,
} from './visits.ts';

const days = DEFAULT_LIAISON_SETTINGS.serviceDays;

describe('priority visits', () => {
  it('are due the interval after the last visit, overdue only after that day', () => {
    expect(priorityDue('2026-10-01', '2026-01-01', 30, '2026-10-31')).toEqual({ dueOn: '2026-10-31', overdue: false });
    expect(priorityDue('2026-10-01', '2026-01-01', 30, '2026-11-01')).toEqual({ dueOn: '2026-10-31', overdue: true });
  });
  it('count from when the household became known when it was never visited', () => {
    expect(priorityDue(null, '2026-11-20', 30, '2026-11-22')).toEqual({ dueOn: '2026-12-20', overdue: false });
  });
});

describe('timely visits', () => {
  it('are due the configured days after the event', () => {
    expect(timelyDueOn('2026-11-20', 'disaster', DEFAULT_LIAISON_SETTINGS)).toBe('2026-11-21');
    expect(timelyDueOn('2026-12-30', 'illness', DEFAULT_LIAISON_SETTINGS)).toBe('2027-01-02');
  });
});

describe('service days', () => {
  it('fall on their day of the month, the 31st on the last day of short months', () => {
    expect(serviceDayDates('2026-12', days)).toEqual([{ code: 'zhitong', name: '直通日', date: '2026-12-05' }, { code: 'yangguang8', name: '阳光8号', date: '2026-12-08' }]);
    expect(serviceDayDates('2027-02', [{ code: 'end', name: '月末', dayOfMonth: 31, remindDaysBefore: 0 }])[0].date).toBe('2027-02-28');
    expect(serviceDayDates('2028-02', [{ code: 'end', name: '月末', dayOfMonth: 31, remindDaysBefore: 0 }])[0].date).toBe('2028-02-29');
    expect(serviceDayDates('2026-13', days)).toEqual([]);
  });
  it('upcoming ones roll into next month and next year', () => {
    expect(upcomingServiceDays('2026-12-06', days, 3).map((d) => d.date)).toEqual(['2026-12-08', '2027-01-05', '2027-01-08']);
    expect(upcomingServiceDays('2026-12-05', days, 1).map((d) => d.date)).toEqual(['2026-12-05']);
    expect(upcomingServiceDays('2026-12-05', [], 3)).toEqual([]);
  });
  it('remind the set number of days before, across a month end', () => {
    expect(remindersDue('2026-12-04', days).map((d) => d.code)).toEqual(['zhitong']);
    expect(remindersDue('2026-12-05', days)).toEqual([]);
    expect(remindersDue('2026-11-30', [{ code: 'x', name: 'x', dayOfMonth: 2, remindDaysBefore: 2 }]).map((d) => d.date)).toEqual(['2026-12-02']);
  });
  it('every reminder day is followed by its service day exactly remindDaysBefore later', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 14 }), (offset, dom, before) => {
      const d = new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
      const due = remindersDue(d, [{ code: 'x', name: 'x', dayOfMonth: dom, remindDaysBefore: before }]);
      for (const r of due) expect(upcomingServiceDays(d, [{ code: 'x', name: 'x', dayOfMonth: dom, remindDaysBefore: before }], 1)[0].date <= r.date).toBe(true);
      return due.length <= 1;
    }));
  });
});

describe('settings', () => {
  it('accept the defaults and name each bad field', () => {
    expect(settingsProblems(DEFAULT_LIAISON_SETTINGS)).toEqual([]);
    const bad = settingsProblems({
      priorityIntervalDays: 0,
      timelyDueDays: { ...DEFAULT_LIAISON_SETTINGS.timelyDueDays, death: -1 },
      serviceDays: [{ code: 'A', name: ' ', dayOfMonth: 32, remindDaysBefore: 1 }, { code: 'b', name: 'b', dayOfMonth: 1, remindDaysBefore: 1 }, { code: 'b', name: 'c', dayOfMonth: 2, remindDaysBefore: 30 }],
    }).map((p) => p.field);
    expect(bad).toEqual(['priorityIntervalDays', 'timelyDueDays.death', 'serviceDays.0.code', 'serviceDays.0.name', 'serviceDays.0.dayOfMonth', 'serviceDays.2.code', 'serviceDays.2.remindDaysBefore']);
  });
});

describe('visits', () => {
  it('refuse future dates, very old ones and repeated households', () => {
    expect(visitProblem({ visitedOn: '2026-11-22', kind: 'routine', householdIds: [1] }, '2026-11-22')).toBeNull();
    expect(visitProblem({ visitedOn: '2026-11-23', kind: 'routine', householdIds: [1] }, '2026-11-22')?.field).toBe('visitedOn');
    expect(visitProblem({ visitedOn: '2025-11-01', kind: 'routine', householdIds: [1] }, '2026-11-22')?.field).toBe('visitedOn');
    expect(visitProblem({ visitedOn: '2026-02-30', kind: 'routine', householdIds: [1] }, '2026-11-22')?.field).toBe('visitedOn');
    expect(visitProblem({ visitedOn: '2026-11-01', kind: 'routine', householdIds: [1, 1] }, '2026-11-22')?.field).toBe('householdIds');
  });
  it('coverage is a share capped at 1', () => {
    expect(coverageRate(0, 0)).toBe(0);
    expect(coverageRate(4, 1)).toBe(0.25);
    expect(coverageRate(4, 9)).toBe(1);
  });
});
