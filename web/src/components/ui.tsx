// Small pieces every page uses: the page title row, export button, region and tag pickers,
// error display, and mapping server field errors onto antd form fields.
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Select, Tag, TreeSelect, Typography, type FormInstance } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, download, type Query } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { tagColour, useHouseholdTags, useRegionTree, type HouseholdTag, type RegionNode } from './data.ts';

export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginBottom: 16 }}>
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 24 }}>{title}</Typography.Title>
        {sub ? <Typography.Text type="secondary">{sub}</Typography.Text> : null}
      </div>
      {extra ? <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{extra}</div> : null}
    </div>
  );
}

export function ErrorAlert({ error, onRetry }: { error: ApiError | null | undefined; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  if (!error) return null;
  return (
    <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error.text(lang)}
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined} />
  );
}

export const LEVEL_LABEL: Record<string, MessageKey> = {
  district: 'region.district', street: 'region.street', community: 'region.community', grid: 'region.grid',
};

/** GET /api/exports/:kind.xlsx with the list's current filters; only for users who may export. */
export function ExportButton({ kind, query }: { kind: string; query?: Query }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!can(me, 'export.run')) return null;
  const run = async () => {
    setBusy(true);
    try { await download(`/api/exports/${kind}.xlsx`, query, `${kind}.xlsx`); }
    catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
    finally { setBusy(false); }
  };
  return <Button icon={<DownloadOutlined />} loading={busy} onClick={run}>{t('common.export')}</Button>;
}

interface TreeOption { value: number; title: string; children?: TreeOption[] }
const toOptions = (nodes: RegionNode[] | undefined): TreeOption[] =>
  (nodes ?? []).map((n) => ({ value: n.id, title: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));

export function RegionPicker({ id, value, onChange, placeholder, gridsOnly, style }: {
  id?: string; value?: number | null; onChange?: (v: number | null) => void; placeholder?: string; gridsOnly?: boolean; style?: React.CSSProperties;
}) {
  const { data } = useRegionTree();
  const { t } = useI18n();
  // Households live in grids, so the edit form only offers grids as the answer.
  const mark = (nodes: RegionNode[] | undefined): (TreeOption & { selectable?: boolean })[] =>
    (nodes ?? []).map((n) => ({ value: n.id, title: n.name, selectable: !gridsOnly || n.level === 'grid', children: n.children?.length ? mark(n.children) : undefined }));
  return (
    <TreeSelect id={id} allowClear showSearch treeNodeFilterProp="title" style={{ minWidth: 200, ...style }}
      value={value ?? undefined} onChange={(v) => onChange?.((v as number | undefined) ?? null)}
      treeData={gridsOnly ? mark(data) : toOptions(data)} placeholder={placeholder ?? t('filter.region')}
      treeDefaultExpandAll={false} popupMatchSelectWidth={false} listHeight={360} />
  );
}

export function TagPicker({ value, onChange, style }: { value?: string[]; onChange?: (v: string[]) => void; style?: React.CSSProperties }) {
  const { data } = useHouseholdTags();
  const { t } = useI18n();
  return (
    <Select mode="multiple" allowClear style={{ minWidth: 200, ...style }} value={value} onChange={onChange}
      placeholder={t('filter.tags')} maxTagCount="responsive"
      options={(data ?? []).filter((g) => g.active !== false).map((g) => ({ value: g.name, label: g.name }))} />
  );
}

export function TagList({ tags, all }: { tags: string[] | null | undefined; all?: HouseholdTag[] }) {
  if (!tags?.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return <>{tags.map((g) => <Tag key={g} color={tagColour(g, all)} style={{ fontSize: 14, marginBlock: 2 }}>{g}</Tag>)}</>;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Puts each server detail next to the field it names; returns the details that matched no
 * field so the caller can show them in the general message.
 */
export function showFieldErrors(form: FormInstance, err: unknown, lang: 'zh' | 'en'): string[] {
  if (!(err instanceof ApiError)) return [];
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const rest: string[] = [];
  const fields: { name: string; errors: string[] }[] = [];
  for (const d of err.details) {
    const reason = lang === 'en' ? d.reason_en || d.reason : d.reason;
    const name = [d.field, camel(d.field), d.field.split('.').pop() ?? ''].find((n) => known.has(n));
    if (name) fields.push({ name, errors: [reason] });
    else rest.push(`${d.field}: ${reason}`);
  }
  if (fields.length) form.setFields(fields);
  return rest;
}

export function YesNo({ value }: { value: boolean | null | undefined }) {
  const { t } = useI18n();
  if (value === null || value === undefined) return <>—</>;
  return value ? <Tag color="red">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
}
