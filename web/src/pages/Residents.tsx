// 居民: one search box that takes either a name fragment or the last digits of a phone,
// because that is what a cadre remembers ("老王，尾号 5678").
import { useState } from 'react';
import { Alert, Card, Empty, Grid, Input, Pagination, Space, Table, Tag } from 'antd';
import { api, type Page } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { navigate } from '../router.ts';
import { ErrorAlert, ExportButton, PageHeader, RegionPicker } from '../components/ui.tsx';
import { useLoad } from '../components/data.ts';
import { ResidentList, RevealButton, useReveal, type Resident } from './HouseholdDetail.tsx';

export function parseResidentQuery(text: string): { name?: string; phone?: string; tooShort?: boolean } {
  const s = text.trim().replace(/\s+/g, '');
  if (!s) return {};
  if (/^\d+$/.test(s)) return s.length >= 4 ? { phone: s } : { tooShort: true };
  return { name: s };
}

export default function Residents() {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [regionId, setRegionId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const parsed = parseResidentQuery(submitted);
  const query = { name: parsed.name, phone: parsed.phone, regionId, page, pageSize };
  const { data, error, loading, reload } = useLoad(
    (signal) => (parsed.tooShort ? Promise.resolve(undefined) : api.get<Page<Resident>>('/api/residents', query, signal)),
    [JSON.stringify(query), parsed.tooShort]);
  const reveal = useReveal();
  const total = data?.total ?? 0;
  const totalText = data ? t(data.totalCapped ? 'list.totalCappedPeople' : 'list.totalPeople', { n: total.toLocaleString() }) : '';

  const columns = [
    { title: t('resident.name'), dataIndex: 'name', key: 'name', width: 110,
      render: (v: string, r: Resident) => <span style={{ fontWeight: 600 }}>{v}{r.partyMember ? <Tag color="red" style={{ marginInlineStart: 6 }}>{t('resident.partyMemberShort')}</Tag> : null}</span> },
    { title: t('resident.gender'), dataIndex: 'gender', key: 'gender', width: 70, render: (g: string | null) => (g === 'M' ? t('resident.male') : g === 'F' ? t('resident.female') : '—') },
    { title: t('resident.birthDate'), dataIndex: 'birthDate', key: 'birthDate', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('resident.idNumber'), key: 'idNumber', width: 200, render: (_: unknown, r: Resident) => <code>{reveal.revealed[r.id]?.idNumber ?? r.idNumber ?? '—'}</code> },
    { title: t('resident.phone'), key: 'phone', width: 140, render: (_: unknown, r: Resident) => reveal.revealed[r.id]?.phone ?? r.phone ?? '—' },
    { title: t('household.address'), dataIndex: 'address', key: 'address',
      render: (v: string | undefined, r: Resident) => <a onClick={() => navigate(`/households/${r.householdId}`)}>{v ?? `#${r.householdId}`}</a> },
    ...(reveal.mayReveal ? [{ title: '', key: 'reveal', width: 170, render: (_: unknown, r: Resident) => <RevealButton id={r.id} state={reveal} /> }] : []),
  ];

  return (
    <>
      <PageHeader title={t('nav.residents')} sub={totalText}
        extra={<ExportButton kind="residents" query={{ name: parsed.name, phone: parsed.phone, regionId }} />} />
      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          <Input.Search allowClear enterButton={t('common.search')} placeholder={t('resident.searchHint')} value={text}
            onChange={(e) => setText(e.target.value)} onSearch={(v) => { setSubmitted(v); setPage(1); }}
            style={{ width: phone ? 'calc(100vw - 50px)' : 380 }} inputMode="search" aria-label={t('common.search')} />
          <RegionPicker value={regionId} onChange={(v) => { setRegionId(v); setPage(1); }} style={{ width: phone ? 'calc(100vw - 50px)' : 240 }} />
        </Space>
        {parsed.tooShort && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('resident.phoneTooShort')} />}
      </Card>
      <ErrorAlert error={error} onRetry={reload} />
      {reveal.mayReveal && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('pii.note')} />}
      {phone ? (
        <Card styles={{ body: { padding: '0 12px' } }} loading={loading && !data}>
          {data?.items.length ? <ResidentList residents={data.items} showAddress hideNote /> : <Empty description={t('common.empty')} style={{ padding: 24 }} />}
          {total > pageSize && <Pagination simple current={page} pageSize={pageSize} total={total} onChange={setPage} style={{ textAlign: 'center', padding: 12 }} />}
        </Card>
      ) : (
        <Table<Resident> rowKey="id" columns={columns} dataSource={data?.items ?? []} loading={loading}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }} scroll={{ x: 900 }}
          pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: () => totalText,
            onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); } }} />
      )}
    </>
  );
}
