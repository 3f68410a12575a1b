// 诉求办理: the queues. The office's board (new, returned, escalated), follow-up calls,
// supervision, a department's orders, everything — sorted overdue first, then by supervision
// level, then by the nearest deadline. Filters live in the address so links land filtered.
// For a request not yet dispatched the office sees the category its text suggests when that is
// not the one recorded: a hint that opens the request, never a change made from the board.
import { useEffect, useState } from 'react';
import { Button, Card, Empty, Grid, Input, List, Pagination, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, type Page } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { href, navigate, useRoute } from '../../router.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader } from '../../components/ui.tsx';
import { useLoad } from '../../components/data.ts';
import { ColourDot, StatusTag, SupervisionTag, day, useCategories, type RequestItem } from './shared.tsx';
import { useTopCategories } from './Suggestions.tsx';

type Queue = 'board' | 'department' | 'followup' | 'supervision' | 'all' | 'mine' | 'escalated';
/** A suggestion less sure than this is not worth the dispatcher's glance. */
const HINT_MIN_SCORE = 0.3;

export default function RequestBoard() {
  const { pick } = useI18n();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const qp = route.query;
  const office = can(me, 'request.dispatch');
  const dept = can(me, 'request.handle') && me?.role === 'handler';
  const leader = can(me, 'request.decide') && !office;
  const defaultQueue: Queue = dept ? 'department' : office ? 'board' : leader ? 'escalated' : 'mine';
  const f = {
    queue: (qp.get('queue') as Queue) || defaultQueue,
    q: qp.get('q') ?? '', colour: qp.get('colour') ?? '', categoryId: qp.get('categoryId') ? Number(qp.get('categoryId')) : null,
    page: Number(qp.get('page') ?? 1) || 1,
  };
  const [text, setText] = useState(f.q);
  useEffect(() => setText(f.q), [f.q]);
  const apply = (next: Partial<typeof f>, keepPage = false) => {
    const n = { ...f, ...next, ...(keepPage ? {} : { page: 1 }) };
    navigate(href('/requests', { queue: n.queue, q: n.q || undefined, colour: n.colour || undefined, categoryId: n.categoryId ?? undefined, page: n.page > 1 ? n.page : undefined }), { replace: true });
  };
  const query = { queue: f.queue === 'all' || f.queue === 'escalated' ? undefined : f.queue, status: f.queue === 'escalated' ? 'escalated' : undefined, q: f.q, colour: f.colour || undefined, categoryId: f.categoryId ?? undefined, page: f.page, pageSize: 20 };
  const { data, error, loading, reload } = useLoad((signal) => api.get<Page<RequestItem>>('/api/requests', query, signal), [JSON.stringify(query)]);
  const cats = useCategories().data ?? [];
  // The suggested category of the page's requests awaiting dispatch (fetched after the rows, cached per request).
  const received = (data?.items ?? []).filter((r) => r.status === 'received');
  const tops = useTopCategories(received, office);

  const queues: { value: Queue; label: string }[] = [
    ...(office ? [{ value: 'board' as Queue, label: pick('待研判派单', 'To dispatch') }, { value: 'followup' as Queue, label: pick('待回访', 'Follow-up') }] : []),
    ...(can(me, 'request.decide') ? [{ value: 'escalated' as Queue, label: pick('待区级决策', 'Escalated') }] : []),
    ...(can(me, 'request.handle') ? [{ value: 'department' as Queue, label: pick('本部门待办', 'Our orders') }] : []),
    ...(can(me, 'request.supervise') ? [{ value: 'supervision' as Queue, label: pick('督办件', 'Supervised') }] : []),
    ...(can(me, 'request.create') ? [{ value: 'mine' as Queue, label: pick('我登记的', 'Mine') }] : []),
    { value: 'all', label: pick('全部', 'All') },
  ];
  const open = (r: RequestItem) => navigate(`/requests/${r.id}`);
  const hint = (r: RequestItem) => {
    const top = tops.get(r.id);
    if (!top || top.id === r.category.id || top.score < HINT_MIN_SCORE || r.status !== 'received') return null;
    return (
      <Tooltip title={pick(`按诉求内容推荐「${top.name}」（${Math.round(top.score * 100)}%），与登记的分类不同：打开诉求核对，派单时可改`, `The text suggests “${top.name}” (${Math.round(top.score * 100)}%), not the category recorded: open the request to check; it can be changed when dispatching`)}>
        <Tag color="gold" data-suggested-category={top.id} style={{ cursor: 'pointer', marginTop: 4, fontSize: 13, whiteSpace: 'normal' }}
          onClick={(e) => { e.stopPropagation(); open(r); }}>
          {pick('建议', 'Suggested')}：{top.name}
        </Tag>
      </Tooltip>
    );
  };
  const columns = [
    // The request and where it stands first; who handles it last (the part a narrow screen scrolls to).
    { title: pick('预警', 'Warning'), key: 'colour', width: 64, render: (_: unknown, r: RequestItem) => <ColourDot colour={r.colour} /> },
    { title: pick('编号', 'Code'), dataIndex: 'code', key: 'code', width: 180, render: (v: string, r: RequestItem) => <a onClick={(e) => { e.stopPropagation(); open(r); }}>{v}</a> },
    { title: pick('内容', 'Request'), dataIndex: 'text', key: 'text', ellipsis: true, width: 240,
      render: (v: string, r: RequestItem) => <span>{r.urgency === 'urgent' ? <Tag color="red">{pick('急', 'Urgent')}</Tag> : null}<SupervisionTag s={r.supervision} />{v}</span> },
    { title: pick('状态', 'Status'), key: 'status', width: 100, render: (_: unknown, r: RequestItem) => <StatusTag r={r} /> },
    { title: pick('答复期限', 'Reply due'), dataIndex: 'replyDue', key: 'due', width: 116, render: (v: string) => day(v) },
    { title: pick('分类', 'Category'), key: 'cat', width: 110, render: (_: unknown, r: RequestItem) => { const h = hint(r); return h ? <><div>{r.category.name}</div>{h}</> : r.category.name; } },
    { title: pick('区域', 'Area'), key: 'region', width: 120, render: (_: unknown, r: RequestItem) => r.region.name },
    { title: pick('承办部门', 'Department'), key: 'dept', width: 140, render: (_: unknown, r: RequestItem) => r.department?.name ?? '—' },
  ];
  const total = data?.total ?? 0;
  return (
    <>
      <PageHeader title={pick('诉求办理', 'Requests')} sub={data ? pick(`共 ${total}${data.totalCapped ? '+' : ''} 件`, `${total}${data.totalCapped ? '+' : ''} requests`) : ''}
        extra={can(me, 'request.create') ? <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => navigate('/requests/new')}>{pick('登记诉求', 'New request')}</Button> : null} />
      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <div style={{ overflowX: 'auto' }}><Segmented value={f.queue} options={queues} onChange={(v) => apply({ queue: v as Queue })} size={phone ? 'middle' : 'large'} /></div>
          <Space wrap size={[12, 12]}>
            <Input.Search allowClear placeholder={pick('编号或内容关键词', 'Code or words')} value={text} onChange={(e) => setText(e.target.value)}
              onSearch={(v) => apply({ q: v.trim() })} style={{ width: phone ? 'calc(100vw - 50px)' : 300 }} aria-label={pick('搜索', 'Search')} />
            <Select allowClear placeholder={pick('预警', 'Warning')} value={f.colour || undefined} onChange={(v) => apply({ colour: v ?? '' })} style={{ width: 130 }}
              options={[{ value: 'red', label: pick('超期', 'Overdue') }, { value: 'yellow', label: pick('临期', 'Due soon') }, { value: 'green', label: pick('正常', 'In time') }]} />
            <Select allowClear showSearch optionFilterProp="label" placeholder={pick('分类', 'Category')} value={f.categoryId ?? undefined} onChange={(v) => apply({ categoryId: v ?? null })}
              style={{ width: 200 }} options={cats.map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
          </Space>
        </Space>
      </Card>
      <ErrorAlert error={error} onRetry={reload} />
      {phone ? (
        <>
          <List loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: <Empty description={pick('没有诉求', 'Nothing here')} /> }}
            renderItem={(r) => (
              <Card key={r.id} hoverable onClick={() => open(r)} style={{ marginBottom: 12, borderLeft: `5px solid ${r.colour === 'red' ? '#d4380d' : r.colour === 'yellow' ? '#e0a100' : r.colour === 'green' ? '#2e9d4a' : '#ddd'}` }} styles={{ body: { padding: 14 } }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 6 }}><StatusTag r={r} /><ColourDot colour={r.colour} /></div>
                <div style={{ fontSize: 17, marginBottom: 6 }}><SupervisionTag s={r.supervision} />{r.text.length > 60 ? r.text.slice(0, 60) + '…' : r.text}</div>
                <Typography.Text type="secondary" style={{ fontSize: 14 }}>{r.code} · {r.category.name} · {r.region.name}{r.department ? ` · ${r.department.name}` : ''}</Typography.Text>
                {hint(r) ? <div>{hint(r)}</div> : null}
              </Card>
            )} />
          {total > 20 && <Pagination simple current={f.page} pageSize={20} total={total} style={{ textAlign: 'center', margin: '8px 0 24px' }} onChange={(page) => { apply({ page }, true); window.scrollTo(0, 0); }} />}
        </>
      ) : (
        <Table<RequestItem> rowKey="id" columns={columns} dataSource={data?.items ?? []} loading={loading} scroll={{ x: 1070 }}
          locale={{ emptyText: <Empty description={pick('没有诉求', 'Nothing here')} /> }}
          onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
          pagination={{ current: f.page, pageSize: 20, total, showSizeChanger: false, onChange: (page) => apply({ page }, true) }} />
      )}
    </>
  );
}
