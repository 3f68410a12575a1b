// 住户: search, filter by tag and region, page through; a table on desks, cards on phones.
// Filters live in the address (#/households?q=…&tags=…) so links from the overview and the
// region map land on a filtered list, and the back button restores it.
import { useEffect, useState } from 'react';
import { Card, Empty, Grid, Input, List, Pagination, Space, Table, Typography } from 'antd';
import { HomeOutlined, TeamOutlined } from '@ant-design/icons';
import { api, type Page } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href, navigate, useRoute } from '../router.ts';
import { ErrorAlert, ExportButton, PageHeader, RegionPicker, TagList, TagPicker } from '../components/ui.tsx';
import { useHouseholdTags, useLoad } from '../components/data.ts';
import { HouseholdDrawer } from './HouseholdDetail.tsx';

export interface HouseholdRow {
  id: number; externalCode: string; address: string; buildingId: number | null; buildingName: string | null;
  regionId: number; regionName: string; headName: string | null; memberCount: number; tags: string[]; version: number;
}

export default function Households({ openId }: { openId: number | null }) {
  const { t } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const qp = route.query;
  const filters = {
    q: qp.get('q') ?? '',
    tags: (qp.get('tags') ?? '').split(',').filter(Boolean),
    regionId: qp.get('regionId') ? Number(qp.get('regionId')) : null,
    page: Number(qp.get('page') ?? 1) || 1,
    pageSize: Number(qp.get('pageSize') ?? 20) || 20,
  };
  const [text, setText] = useState(filters.q);
  useEffect(() => setText(filters.q), [filters.q]);
  const tagDefs = useHouseholdTags().data;

  const apply = (next: Partial<typeof filters>, keepPage = false) => {
    const f = { ...filters, ...next, ...(keepPage ? {} : { page: 1 }) };
    navigate(href('/households', {
      q: f.q || undefined, tags: f.tags.join(',') || undefined, regionId: f.regionId ?? undefined,
      page: f.page > 1 ? f.page : undefined, pageSize: f.pageSize !== 20 ? f.pageSize : undefined,
    }), { replace: true });
  };
  const query = { q: filters.q, tags: filters.tags, regionId: filters.regionId, page: filters.page, pageSize: filters.pageSize };
  const key = JSON.stringify(query);
  const { data, error, loading, reload } = useLoad((signal) => api.get<Page<HouseholdRow>>('/api/households', query, signal), [key]);

  const listSearch = route.query.toString();
  const open = (id: number) => navigate(`/households/${id}${listSearch ? `?${listSearch}` : ''}`);
  const close = () => navigate(`/households${listSearch ? `?${listSearch}` : ''}`);
  const total = data?.total ?? 0;
  const totalText = data ? (data.totalCapped ? t('list.totalCapped', { n: total.toLocaleString() }) : t('list.total', { n: total.toLocaleString() })) : '';

  const columns = [
    { title: t('household.address'), dataIndex: 'address', key: 'address',
      render: (v: string, r: HouseholdRow) => <a onClick={(e) => { e.stopPropagation(); open(r.id); }}>{v}</a> },
    { title: t('household.head'), dataIndex: 'headName', key: 'headName', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('household.members'), dataIndex: 'memberCount', key: 'memberCount', width: 90, align: 'right' as const },
    { title: t('household.tags'), dataIndex: 'tags', key: 'tags', render: (v: string[]) => <TagList tags={v} all={tagDefs} /> },
    { title: t('household.grid'), dataIndex: 'regionName', key: 'regionName', width: 180 },
  ];

  return (
    <>
      <PageHeader title={t('nav.households')} sub={totalText} extra={<ExportButton kind="households" query={{ q: filters.q, tags: filters.tags, regionId: filters.regionId }} />} />
      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          <Input.Search allowClear enterButton={t('common.search')} placeholder={t('household.searchHint')}
            value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => apply({ q: v.trim() })}
            style={{ width: phone ? 'calc(100vw - 50px)' : 360 }} aria-label={t('common.search')} />
          <TagPicker value={filters.tags} onChange={(tags) => apply({ tags })} style={{ width: phone ? 'calc(100vw - 50px)' : 280 }} />
          <RegionPicker value={filters.regionId} onChange={(regionId) => apply({ regionId })} style={{ width: phone ? 'calc(100vw - 50px)' : 240 }} />
        </Space>
      </Card>
      <ErrorAlert error={error} onRetry={reload} />
      {phone ? (
        <>
          <List loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: <Empty description={t('common.empty')} /> }}
            renderItem={(r) => (
              <Card key={r.id} hoverable onClick={() => open(r.id)} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }}>
                <div style={{ fontSize: 17, fontWeight: 600, marginBottom: 6 }}><HomeOutlined style={{ color: '#b8262b' }} /> {r.address}</div>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 6 }}>
                  <span>{t('household.head')}：{r.headName ?? '—'}</span>
                  <span><TeamOutlined /> {t('household.peopleN', { n: r.memberCount })}</span>
                </div>
                {r.tags?.length ? <div style={{ marginBottom: 4 }}><TagList tags={r.tags} all={tagDefs} /></div> : null}
                <Typography.Text type="secondary" style={{ fontSize: 14 }}>{r.regionName}</Typography.Text>
              </Card>
            )} />
          {total > 0 && (
            <Pagination simple current={filters.page} pageSize={filters.pageSize} total={total} style={{ textAlign: 'center', margin: '8px 0 24px' }}
              onChange={(page) => { apply({ page }, true); window.scrollTo(0, 0); }} />
          )}
        </>
      ) : (
        <Table<HouseholdRow> rowKey="id" columns={columns} dataSource={data?.items ?? []} loading={loading}
          locale={{ emptyText: <Empty description={t('common.empty')} /> }}
          onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: filters.page, pageSize: filters.pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
            showTotal: () => totalText, onChange: (page, pageSize) => apply({ page, pageSize }, pageSize === filters.pageSize),
          }} />
      )}
      <HouseholdDrawer id={openId} onClose={close} onSaved={reload} />
    </>
  );
}
