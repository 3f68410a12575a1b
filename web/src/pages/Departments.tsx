// 部门/单位: every unit that takes work orders (townships count as departments), with how
// many cadres each has; a row leads to that department's cadres.
import { useState } from 'react';
import { Card, Empty, Grid, Input, List, Table, Tag } from 'antd';
import { useI18n, type MessageKey } from '../i18n.ts';
import { navigate } from '../router.ts';
import { ErrorAlert, ExportButton, PageHeader } from '../components/ui.tsx';
import { useDepartments, type Department } from '../components/data.ts';

const KIND: Record<Department['kind'], { label: MessageKey; colour: string }> = {
  bureau: { label: 'dept.bureau', colour: 'blue' },
  township: { label: 'dept.township', colour: 'green' },
  office: { label: 'dept.office', colour: 'gold' },
  other: { label: 'dept.other', colour: 'default' },
};

export default function Departments() {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const { data, error, loading, reload } = useDepartments();
  const [q, setQ] = useState('');
  const rows = (data ?? []).filter((d) => !q || d.name.includes(q) || d.code.includes(q));
  const open = (d: Department) => navigate(`/cadres?departmentId=${d.id}`);
  const kind = (k: Department['kind']) => <Tag color={KIND[k]?.colour}>{t(KIND[k]?.label ?? 'dept.other')}</Tag>;

  const columns = [
    { title: t('dept.code'), dataIndex: 'code', key: 'code', width: 120 },
    { title: t('dept.name'), dataIndex: 'name', key: 'name', render: (v: string) => <b>{v}</b> },
    { title: t('dept.kind'), dataIndex: 'kind', key: 'kind', width: 120, render: kind },
    { title: t('dept.phone'), dataIndex: 'phone', key: 'phone', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('dept.cadres'), dataIndex: 'cadreCount', key: 'cadreCount', width: 110, align: 'right' as const,
      sorter: (a: Department, b: Department) => a.cadreCount - b.cadreCount },
  ];

  return (
    <>
      <PageHeader title={t('nav.departments')} sub={data ? t('list.totalUnits', { n: rows.length }) : ''} extra={<ExportButton kind="departments" />} />
      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('dept.searchHint')} onChange={(e) => setQ(e.target.value.trim())} style={{ maxWidth: 360 }} />
      </Card>
      <ErrorAlert error={error} onRetry={reload} />
      {phone ? (
        <List loading={loading} dataSource={rows} locale={{ emptyText: <Empty description={t('common.empty')} /> }}
          renderItem={(d) => (
            <Card key={d.id} hoverable onClick={() => open(d)} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }}>
              <div style={{ fontSize: 17, fontWeight: 600 }}>{d.name}</div>
              <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 6 }}>
                <span>{kind(d.kind)}</span>
                <span>{t('dept.cadresN', { n: d.cadreCount })}</span>
              </div>
              {d.phone && <a href={`tel:${d.phone}`} onClick={(e) => e.stopPropagation()}>{d.phone}</a>}
            </Card>
          )} />
      ) : (
        <Table<Department> rowKey="id" columns={columns} dataSource={rows} loading={loading}
          onRow={(d) => ({ onClick: () => open(d), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      )}
    </>
  );
}
