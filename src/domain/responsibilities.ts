// Who answers for what, for how long (包联): one model for every kind of responsibility in the
// reports. Pure: which owners and objects each kind allows, default terms, and whether a term is
// running, about to end or over.
import { addDays, isDate } from './calendar.ts';

export const RESPONSIBILITY_KINDS = ['liaison', 'pairing', 'project', 'river', 'first_secretary', 'cadre_home'] as const;
export type ResponsibilityKind = (typeof RESPONSIBILITY_KINDS)[number];
export const OWNER_TYPES = ['leader', 'department', 'cadre', 'group'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];
export const OBJECT_TYPES = ['region', 'household', 'project', 'river'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const KIND_ZH: Record<ResponsibilityKind, string> = {
  liaison: '包联', pairing: '结对', project: '包保', river: '河长', first_secretary: '第一书记', cadre_home: '干部回家',
};

interface KindRule { owners: readonly OwnerType[]; objects: readonly ObjectType[]; needsEnd?: boolean; defaultTermDays?: number }
/** What each kind allows (seed reports: leaders on townships, departments ↔ communities, leaders on projects …). */
export const KIND_RULES: Record<ResponsibilityKind, KindRule> = {
  liaison: { owners: ['leader', 'department', 'cadre', 'group'], objects: ['region', 'household'] },
  pairing: { owners: ['department'], objects: ['region'] },
  project: { owners: ['leader'], objects: ['project'], needsEnd: true },
  river: { owners: ['leader', 'cadre'], objects: ['river'] },
  first_secretary: { owners: ['cadre'], objects: ['region'], defaultTermDays: 365 },
  cadre_home: { owners: ['cadre'], objects: ['region'] },
};

export interface ResponsibilityInput { kind: ResponsibilityKind; ownerType: OwnerType; objectType: ObjectType; objectName?: string | null; startDate: string; endDate?: string | null }
export interface Problem { field: string; reason: string; reason_en: string }

/** The problems of a responsibility, field by field; none means it may be saved. */
export function checkResponsibility(r: ResponsibilityInput): Problem[] {
  const out: Problem[] = [];
  const rule = KIND_RULES[r.kind];
  if (!rule.owners.includes(r.ownerType)) out.push({ field: 'ownerType', reason: `${KIND_ZH[r.kind]}的责任主体只能是：${rule.owners.join('、')}`, reason_en: `a ${r.kind} is owned by: ${rule.owners.join(', ')}` });
  if (!rule.objects.includes(r.objectType)) out.push({ field: 'objectType', reason: `${KIND_ZH[r.kind]}的对象只能是：${rule.objects.join('、')}`, reason_en: `a ${r.kind} covers: ${rule.objects.join(', ')}` });
  if ((r.objectType === 'project' || r.objectType === 'river') && !r.objectName?.trim()) out.push({ field: 'objectName', reason: '请填写项目或河流名称', reason_en: 'name the project or river' });
  if (!isDate(r.startDate)) out.push({ field: 'startDate', reason: '开始日期格式应为 YYYY-MM-DD', reason_en: 'start date must be YYYY-MM-DD' });
  if (r.endDate != null && !isDate(r.endDate)) out.push({ field: 'endDate', reason: '结束日期格式应为 YYYY-MM-DD', reason_en: 'end date must be YYYY-MM-DD' });
  else if (r.endDate && isDate(r.startDate) && r.endDate < r.startDate) out.push({ field: 'endDate', reason: '结束日期不能早于开始日期', reason_en: 'the end date is before the start date' });
  if (rule.needsEnd && !r.endDate) out.push({ field: 'endDate', reason: `${KIND_ZH[r.kind]}须有完成期限`, reason_en: `a ${r.kind} needs a deadline` });
  return out;
}

/** The end date a kind gets when none is given (第一书记: a one-year term). */
export function defaultEnd(kind: ResponsibilityKind, startDate: string): string | null {
  const days = KIND_RULES[kind].defaultTermDays;
  return days ? addDays(startDate, days - 1) : null;
}

export type TermStatus = 'future' | 'active' | 'expiring' | 'ended';
/** Where a term stands today; 'expiring' within `warnDays` of its end. */
export function termStatus(startDate: string, endDate: string | null, today: string, warnDays = 30): TermStatus {
  if (today < startDate) return 'future';
  if (endDate && today > endDate) return 'ended';
  if (endDate && addDays(today, warnDays) >= endDate) return 'expiring';
  return 'active';
}
export const TERM_ZH: Record<TermStatus, string> = { future: '未开始', active: '履职中', expiring: '即将到期', ended: '已到期' };
