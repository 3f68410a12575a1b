// 干部: who can be sent to visit — by department, party membership, local or not, and
// years of service (the pairing rules 党员带非党, 当地带外地, 老带新 use exactly these).
import { useState } from 'react';
import { Card, Empty, Grid, Input, List, Pagination, Select, Space, Table, Tag } from 'antd';
import { api, type Page } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useRoute } from '../router.ts';
import { ErrorAlert, ExportButton, PageHeader, YesNo } from '../components/ui.tsx';
import { useDepartments, useLoad } from '../components/data.ts';

interface Cadre {
  id: number; code: string; name: string; gender: 'M' | 'F' | null; departmentId: number; departmentName: string;
  partyOrgId: number | null; partyMember: boolean; isLocal: boolean; yearsOfService: number; originVillage: string | null;
  phone: string | null; position: string | null; version: number;
}
type Tri = 'all' | 'true' | 'false';

export default function Cadres() {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const depts = useDepartments().data;
  const [departmentId, setDepartmentId] = useState<number | null>(route.query.get('departmentId') ? Number(route.query.get('departmentId')) : null);
  const [q, setQ] = useState('');
  const [partyMember, setPartyMember] = useState<Tri>('all');
  const [isLocal, setIsLocal] = useState<Tri>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const filters = { departmentId, q, partyMember: partyMember === 'all' ? undefined : partyMember, isLocal: isLocal === 'all' ? undefined : isLocal };
  const query = { ...filters, page, pageSize };
  const { data, error, loading, reload } = useLoad((signal) => api.get<Page<Cadre>>('/api/cadres', query, signal), [JSON.stringify(query)]);
  const total = data?.total ?? 0;
  const totalText = data ? t(data.totalCapped ? 'list.totalCappedPeople' : 'list.totalPeople', { n: total.toLocaleString() }) : '';
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };
  const tri = [{ value: 'all', label: t('common.all') }, { value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }];
  const width = phone ? 'calc(100vw - 50px)' : undefined;

  const columns = [
    { title: t('cadre.name'), dataIndex: 'name', key: 'name', width: 100, render: (v: string) => <b>{v}</b> },
    { title: t('cadre.department'), dataIndex: 'departmentName', key: 'departmentName' },
    { title: t('cadre.position'), dataIndex: 'position', key: 'position', render: (v: string | null) => v ?? '—' },
    { title: t('cadre.partyMember'), dataIndex: 'partyMember', key: 'partyMember', width: 100, render: (v: boolean) => <YesNo value={v} /> },
    { title: t('cadre.isLocal'), dataIndex: 'isLocal', key: 'isLocal', width: 90, render: (v: boolean) => <YesNo value={v} /> },
    { title: t('cadre.years'), dataIndex: 'yearsOfService', key: 'yearsOfService', width: 100, align: 'right' as const },
    { title: t('cadre.origin'), dataIndex: 'originVillage', key: 'originVillage', render: (v: string | null) => v ?? '—' },
    { title: t('cadre.phone'), dataIndex: 'phone', key: 'phone', width: 140, render: (v: string | null) => (v ? <a href={`tel:${v}`}>{v}</a> : '—') },
  ];

  return (
    <>
      <PageHeader title={t('nav.cadres')} sub={totalText} extra={<ExportButton kind="cadres" query={filters} />} />
      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Space wrap size={[12, 12]}>
          <Input.Search allowClear enterButton={t('common.search')} placeholder={t('cadre.searchHint')} onSearch={(v) => reset(setQ)(v.trim())} style={{ width: width ?? 300 }} />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('filter.department')} value={departmentId ?? undefined}
            onChange={(v) => reset(setDepartmentId)(v ?? null)} style={{ width: width ?? 240 }}
            options={(depts ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          <Space><span>{t('cadre.partyMember')}</span><Select value={partyMember} onChange={reset(setPartyMember)} options={tri} style={{ width: 96 }} /></Space>
          <Space><span>{t('cadre.isLocal')}</span><Select value={isLocal} onChange={reset(setIsLocal)} options={tri} style={{ width: 96 }} /></Space>
        </Space>
      </Card>
      <ErrorAlert error={error} onRetry={reload} />
      {phone ? (
        <>
          <List loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            renderItem={(c) => (
              <Card key={c.id} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                  <span style={{ fontSize: 18, fontWeight: 600 }}>{c.name}</span>
                  <span>{t('cadre.yearsN', { n: c.yearsOfService })}</span>
                </div>
                <div style={{ margin: '4px 0' }}>{c.departmentName}{c.position ? ` · ${c.position}` : ''}</div>
                <Space size={4} wrap>
                  {c.partyMember && <Tag color="red">{t('resident.partyMember')}</Tag>}
                  <Tag>{c.isLocal ? t('cadre.local') : t('cadre.nonLocal')}</Tag>
                  {c.originVillage && <Tag>{c.originVillage}</Tag>}
                </Space>
                {c.phone && <div style={{ marginTop: 6 }}><a href={`tel:${c.phone}`}>{c.phone}</a></div>}
              </Card>
            )} />
          {total > pageSize && <Pagination simple current={page} pageSize={pageSize} total={total} onChange={setPage} style={{ textAlign: 'center', margin: '8px 0 24px' }} />}
        </>
      ) : (
        <Table<Cadre> rowKey="id" columns={columns} dataSource={data?.items ?? []} loading={loading} scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }}
          pagination={{ current: page, pageSize, total, showSizeChanger: true, showTotal: () => totalText,
            onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); } }} />
      )}
    </>
  );
}
