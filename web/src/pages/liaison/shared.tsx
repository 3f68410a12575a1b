// Pieces the office's liaison pages (联户走访) share: the API shapes, dates in China time,
// coverage progress, a cadre picker that searches the server, and a household picker.
// Kind names and rules come from the server's pure domain modules, so a label or an allowed
// owner is written once.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Progress, Select, Tag, Typography } from 'antd';
import { api, ApiError, type Page } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { addDays, chinaDate } from '../../../../src/domain/calendar.ts';
import { EVENT_KINDS, EVENT_KIND_ZH, VISIT_KIND_ZH, type EventKind, type VisitKind } from '../../../../src/domain/visits.ts';

export { addDays, EVENT_KINDS, EVENT_KIND_ZH, VISIT_KIND_ZH, type EventKind, type VisitKind };

export const RED = '#b8262b';
export const today = () => chinaDate(new Date());
export const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String((e as Error)?.message ?? e), String((e as Error)?.message ?? e)));

/** Whole days from a to b (b later: positive). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

const WEEK_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** '2025-06-05' → '6月5日 周四' / 'Thu 5 Jun' style, readable at a glance. */
export function dayText(date: string | null | undefined, lang: 'zh' | 'en', withWeek = false): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (lang === 'en') return `${withWeek ? WEEK_EN[wd] + ' ' : ''}${date}`;
  return `${date}${withWeek ? ` 周${WEEK_ZH[wd]}` : ''}`;
}

export const EVENT_KIND_EN: Record<EventKind, string> = { illness: 'Serious illness', disaster: 'Disaster', death: 'Death in the family', hardship: 'Hardship', other: 'Other' };
export const VISIT_KIND_EN: Record<VisitKind, string> = { routine: 'Routine', priority: 'Priority', timely: 'Timely', contact_day: 'Contact day' };

// ------------------------------------------------------------------ API shapes (issue 4)

export interface Round { id: number; name: string; regionId: number; regionName: string; startsOn: string; endsOn: string; households: number; visited: number; rate: number }
export interface CoverageRow { id: number; name: string; households: number; visited: number; rate: number; lat?: number | null; lng?: number | null }
export interface VisitTask {
  key: string; kind: 'priority' | 'timely'; householdId: number; address: string; headName: string | null; reason: string | null;
  dueOn: string; overdue: boolean; taskId: number | null; groupId: number | null; groupName: string | null;
}
export interface ServiceDay { code: string; name: string; dayOfMonth: number; remindDaysBefore: number }
export interface Settings { priorityIntervalDays: number; timelyDueDays: Record<EventKind, number>; serviceDays: ServiceDay[] }
export interface Occurrence { code: string; name: string; date: string; attendance: number }
export interface Cadre { id: number; code: string; name: string; departmentId: number; departmentName?: string; partyMember: boolean; isLocal: boolean; yearsOfService: number; position: string | null }

// ------------------------------------------------------------------ coverage

/** Rate 0..1 → a bar with the counts beside it; red under 50 %, orange under 90 %, green above. */
export function RateBar({ rate, visited, households, width = 220 }: { rate: number; visited: number; households: number; width?: number }) {
  const { pick } = useI18n();
  const pct = Math.round(rate * 1000) / 10;
  const colour = rate >= 0.9 ? '#389e0d' : rate >= 0.5 ? '#d48806' : RED;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: width }}>
      <Progress percent={pct} showInfo={false} strokeColor={colour} size={['100%', 12] as never} style={{ flex: 1, margin: 0, minWidth: 80 }}
        aria-label={pick(`覆盖率 ${pct}%`, `coverage ${pct}%`)} />
      <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        <b style={{ color: colour }}>{pct}%</b>
        <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 6 }}>{visited}/{households}{pick(' 户', '')}</Typography.Text>
      </span>
    </div>
  );
}

/** Overdue red, due within 3 days orange, otherwise plain. */
export function DueTag({ dueOn, overdue }: { dueOn: string; overdue?: boolean }) {
  const { pick, lang } = useI18n();
  const left = daysBetween(today(), dueOn);
  const late = overdue ?? left < 0;
  if (late) return <Tag color="red" style={{ fontSize: 15, padding: '2px 8px' }}>{dayText(dueOn, lang)} · {pick(`逾期 ${-left} 天`, `${-left} d overdue`)}</Tag>;
  if (left <= 3) return <Tag color="orange" style={{ fontSize: 15, padding: '2px 8px' }}>{dayText(dueOn, lang)} · {left === 0 ? pick('今天到期', 'due today') : pick(`${left} 天后到期`, `due in ${left} d`)}</Tag>;
  return <span style={{ fontSize: 15 }}>{dayText(dueOn, lang)}</span>;
}

// ------------------------------------------------------------------ pickers

/** Search the cadres in scope by name (optionally one department); several may be chosen. */
export function CadreSelect({ value, onChange, departmentId, multiple, placeholder, style, id, initial }: {
  value?: number | number[] | null; onChange?: (v: any) => void; departmentId?: number | null; multiple?: boolean;
  placeholder?: string; style?: React.CSSProperties; id?: string; initial?: { id: number; name: string }[];
}) {
  const { pick } = useI18n();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Cadre[]>([]);
  const [loading, setLoading] = useState(false);
  // Names of chosen cadres stay known after the search moves on.
  const known = useRef(new Map<number, Cadre>((initial ?? []).map((c) => [c.id, c as Cadre])));
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    const h = setTimeout(() => {
      api.get<Page<Cadre>>('/api/cadres', { q: q || undefined, departmentId: departmentId ?? undefined, pageSize: 50 }, ctl.signal)
        .then((r) => { r.items.forEach((c) => known.current.set(c.id, c)); setItems(r.items); setLoading(false); }, () => setLoading(false));
    }, q ? 250 : 0);
    return () => { clearTimeout(h); ctl.abort(); };
  }, [q, departmentId]);
  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter((id) => !items.some((c) => c.id === id));
  const options = [...chosen.map((id) => known.current.get(id) ?? { id, name: `#${id}` } as Cadre), ...items].map((c) => ({
    value: c.id,
    label: c.departmentName ? `${c.name}（${c.departmentName}）` : c.name,
  }));
  return (
    <Select id={id} mode={multiple ? 'multiple' : undefined} showSearch allowClear filterOption={false} loading={loading}
      value={value ?? undefined} onChange={(v) => onChange?.(v ?? (multiple ? [] : null))} onSearch={setQ} options={options}
      placeholder={placeholder ?? pick('输入姓名搜索干部', 'Search cadres by name')} style={{ minWidth: 220, ...style }}
      notFoundContent={loading ? pick('搜索中…', 'Searching…') : pick('没有找到干部', 'No cadre found')} />
  );
}

interface HouseholdHit { id: number; address: string; headName: string | null }
/** Search households in scope by address, head of household or code. */
export function HouseholdSelect({ value, onChange, style, id, initial }: {
  value?: number | null; onChange?: (v: number | null) => void; style?: React.CSSProperties; id?: string; initial?: HouseholdHit | null;
}) {
  const { pick } = useI18n();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<HouseholdHit[]>(initial ? [initial] : []);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!q) return;
    const ctl = new AbortController();
    setLoading(true);
    const h = setTimeout(() => {
      api.get<Page<HouseholdHit>>('/api/households', { q, pageSize: 30 }, ctl.signal)
        .then((r) => { setItems(r.items); setLoading(false); }, () => setLoading(false));
    }, 250);
    return () => { clearTimeout(h); ctl.abort(); };
  }, [q]);
  const options = useMemo(() => {
    const list = initial && !items.some((h) => h.id === initial.id) ? [initial, ...items] : items;
    return list.map((h) => ({ value: h.id, label: h.headName ? `${h.address}（${h.headName}）` : h.address }));
  }, [items, initial]);
  return (
    <Select id={id} showSearch allowClear filterOption={false} loading={loading} value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)} onSearch={(s) => setQ(s.trim())} options={options}
      placeholder={pick('输入地址或户主姓名搜索', 'Search by address or head of household')} style={{ minWidth: 260, ...style }}
      notFoundContent={loading ? pick('搜索中…', 'Searching…') : q ? pick('没有找到住户', 'No household found') : pick('请输入关键字', 'Type to search')} />
  );
}

/** The zh half of a server 'zh|en' text, or the en half in English. */
export function half(s: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!s) return '';
  const i = s.indexOf('|');
  if (i < 0) return s;
  return lang === 'en' ? s.slice(i + 1) : s.slice(0, i);
}
