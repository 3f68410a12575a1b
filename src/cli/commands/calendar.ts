// lianxin calendar add-workdays | status | show | import — the working calendar deadlines count on.
import fs from 'node:fs';
import { openContext, parseArgs } from '../context.ts';
import { SYSTEM_ACTOR } from '../../platform/access.ts';
import { isDate } from '../../domain/calendar.ts';
import { calendarStatus, importYears, loadCalendar, parseCalendarFile, yearDays } from '../../features/calendar/calendar.service.ts';

const USAGE = 'lianxin calendar add-workdays <YYYY-MM-DD> <n> | status | show <year> | import <file.csv|json> [--note 国办发明电〔2026〕x号]';

export const command = {
  summary: '工作日历 Working calendar: add working days, status, show a year, import a State Council notice',
  usage: USAGE,
  async run(args: ReturnType<typeof parseArgs>) {
    const [sub, a, b] = args._;
    if (sub === 'add-workdays') {
      const n = Number(b);
      if (!a || !isDate(a) || !Number.isInteger(n) || n < 0) { console.error(`用法 usage: lianxin calendar add-workdays 2026-09-28 7`); return 2; }
    }
    if (!['add-workdays', 'status', 'show', 'import'].includes(sub ?? '')) { console.error(`用法 usage: ${USAGE}`); return 2; }
    const h = await openContext();
    try {
      if (sub === 'add-workdays') {
        const cal = await loadCalendar(h.db);
        const result = cal.addWorkingDays(a, Number(b));
        const missing = cal.missingYears(Number(a.slice(0, 4)), Number(result.slice(0, 4)));
        if (missing.length) console.error(`注意：缺少 ${missing.join('、')} 年的节假日安排 (holiday calendar missing for ${missing.join(', ')})`);
        console.log(result);
        return 0;
      }
      if (sub === 'status') {
        const s = await calendarStatus(h.db);
        console.log(`已知年份 known years: ${s.years[0]}–${s.years[s.years.length - 1]} (${s.years.length})`);
        console.log(s.message ? `⚠ ${s.message.split('|')[0]}` : '✔ 今明两年的节假日安排齐全 this year and next are known');
        return s.missing.length ? 1 : 0;
      }
      if (sub === 'show') {
        const y = await yearDays(h.db, Number(a ?? new Date().getFullYear()));
        console.log(`${y.year} ${y.known ? '' : '（未知年份 not known）'}`);
        for (const d of y.days) console.log(`${d.date}\t${d.kind === 'holiday' ? '休' : d.kind === 'workday' ? '班' : '—'}\t${d.name ?? ''}\t${d.source === 'admin' ? '管理员' : ''}`);
        return 0;
      }
      if (!a || !fs.existsSync(a)) { console.error(`找不到文件 file not found: ${a ?? ''}`); return 2; }
      const r = await importYears(h.db, SYSTEM_ACTOR, parseCalendarFile(fs.readFileSync(a, 'utf8')), typeof args.note === 'string' ? args.note : null);
      console.log(`已导入 imported ${r.years.join(', ')}: ${r.days} 天 days, ${r.takenBack} 个基础数据日期被撤销 base entries taken back`);
      return 0;
    } finally {
      await h.close();
    }
  },
};
