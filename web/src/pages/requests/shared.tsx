// What the request pages share: the shape the API returns, the warning-colour dot, the status
// tag, and the category list.
import { Tag, Tooltip } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useLoad } from '../../components/data.ts';

export interface RequestItem {
  id: number; code: string; parentId: number | null; isLead: boolean;
  kind: string; kindLabel: string; channel: string; channelLabel: string;
  category: { id: number; code: string | null; name: string | null };
  text: string; urgency: 'normal' | 'urgent'; householdId: number | null; address: string | null; lat: number | null; lng: number | null;
  region: { id: number; name: string | null };
  requester: { hidden: true; reason: string; label: string } | { hidden: false; residentId: number | null; name: string | null; phone: string | null };
  anonymous: boolean; confidential: boolean;
  status: string; statusLabel: string; department: { id: number; name: string | null } | null; coordinatorId: number | null;
  receivedAt: string; dispatchedAt: string | null; acceptDue: string | null; acceptedAt: string | null;
  replyLimit: string; replyDue: string; repliedAt: string | null; firstRepliedAt: string | null; replyText: string | null;
  resolvedAt: string | null; resolution: string | null; constrainedAt: string | null; constraintText: string | null;
  followedUpAt: string | null; verdict: string | null; verdictLabel: string | null; followUpNotes: string | null; closedAt: string | null;
  reopenCount: number; extensionPending: boolean;
  supervision: { level: 'normal' | 'yellow' | 'red'; label: string; comment: string | null; due: string | null } | null;
  mergedInto: number | null; colour: 'green' | 'yellow' | 'red' | null; canRevealPhone: boolean; version: number;
}

export interface Category { id: number; code: string; name: string; nameEn: string | null; departmentCode: string; replyLimit: string; urgentLimit: string; active: boolean }

let categories: Promise<Category[]> | null = null;
export const useCategories = () => useLoad(() => (categories ??= api.get<Category[]>('/api/categories').catch((e) => { categories = null; throw e; })), []);

const COLOURS = { green: '#2e9d4a', yellow: '#e0a100', red: '#d4380d' } as const;

/** 预警 colour as a dot with a word, so it does not rely on colour alone. */
export function ColourDot({ colour, big }: { colour: RequestItem['colour']; big?: boolean }) {
  const { pick } = useI18n();
  if (!colour) return <span style={{ color: '#999' }}>—</span>;
  const label = { green: pick('正常', 'In time'), yellow: pick('临期', 'Due soon'), red: pick('超期', 'Overdue') }[colour];
  const size = big ? 14 : 10;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }} data-colour={colour}>
      <span aria-hidden style={{ width: size, height: size, borderRadius: size / 2, background: COLOURS[colour], display: 'inline-block' }} />
      <span style={{ color: COLOURS[colour], fontWeight: 600 }}>{label}</span>
    </span>
  );
}

const STATUS_COLOUR: Record<string, string> = {
  received: 'blue', escalated: 'purple', dispatched: 'geekblue', returned: 'orange', in_progress: 'cyan', constrained: 'gold',
  replied: 'lime', resolved: 'green', reopened: 'volcano', closed: 'default', joint: 'magenta', merged: 'default',
};
export function StatusTag({ r }: { r: Pick<RequestItem, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLOUR[r.status] ?? 'default'} style={{ fontSize: 14 }}>{r.statusLabel}</Tag>;
}

export function SupervisionTag({ s }: { s: RequestItem['supervision'] }) {
  if (!s) return null;
  const colour = s.level === 'red' ? 'red' : s.level === 'yellow' ? 'gold' : 'blue';
  return <Tooltip title={s.comment}><Tag color={colour} style={{ fontSize: 14 }}>{s.label}</Tag></Tooltip>;
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');
export const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');
