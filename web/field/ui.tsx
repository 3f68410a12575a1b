// Small pieces the field app's screens share: icons, dates, labels, the bottom sheet.
import type { ReactNode } from 'react';

export const VISIT_KINDS = [
  { value: 'routine', label: '日常走访' },
  { value: 'priority', label: '重点访' },
  { value: 'timely', label: '及时访' },
  { value: 'contact_day', label: '直通日' },
] as const;
export type VisitKind = (typeof VISIT_KINDS)[number]['value'];
export const KIND_LABEL: Record<string, string> = Object.fromEntries(VISIT_KINDS.map((k) => [k.value, k.label]));

export const REQUEST_KINDS = [
  { value: 'demand', label: '诉求/求助' },
  { value: 'opinion', label: '意见' },
  { value: 'suggestion', label: '建议' },
  { value: 'complaint', label: '投诉' },
  { value: 'inquiry', label: '咨询' },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** Today on the phone's calendar, YYYY-MM-DD. */
export const today = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** '2026-05-12' → '5月12日' this year, '2025年5月12日' otherwise. */
export function fmtDate(s: string | null | undefined): string {
  if (!s) return '';
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  return y === new Date().getFullYear() ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
export function addDays(s: string, n: number): string {
  const d = new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
export const fmtTime = (ms: number) => { const d = new Date(ms); return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`; };

const svg = (d: ReactNode) => (
  <svg className="ico" width="1.4em" height="1.4em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">{d}</svg>
);
export const Icons = {
  home: svg(<><path d="M3 11l9-7 9 7" /><path d="M5 10v10h14V10" /><path d="M10 20v-6h4v6" /></>),
  pen: svg(<><path d="M4 20h4L19 9l-4-4L4 16z" /><path d="M13.5 6.5l4 4" /></>),
  voice: svg(<><path d="M4 5h16v11H9l-5 4z" /><path d="M8 9h8M8 12h5" /></>),
  tasks: svg(<><path d="M9 6h11M9 12h11M9 18h11" /><path d="M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2" /></>),
};

export function Sheet({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  return (
    <div className="backdrop">
      <div className="sheet" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="sheet-head">
          <h3>{title}</h3>
          <button type="button" className="close" aria-label="关闭" onClick={onClose}>✕</button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function Choices<T extends string>({ options, value, onChange, name }: { options: readonly { value: T; label: string }[]; value: T | null; onChange: (v: T) => void; name: string }) {
  return (
    <div className="choices" role="group" aria-label={name}>
      {options.map((o) => (
        <button key={o.value} type="button" className="choice" aria-pressed={value === o.value} onClick={() => onChange(o.value)}>{o.label}</button>
      ))}
    </div>
  );
}
