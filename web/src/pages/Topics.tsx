// 小专题 (hot topics): the month's proposals — many people reporting the same matter in one place
// or within a few days — each with its members, area and a trend line, promoted by the office to
// a topic with a lead department (升级为专题); the month's topics ranked by volume (每月一题's
// raw material); and a topic's detail with its requests, a map of where they are, and its trend.
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Grid, Input, List, Modal, Popconfirm, Row, Segmented, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FireOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href, navigate, useRoute } from '../router.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader, RegionPicker } from '../components/ui.tsx';
import { useDepartments, useLoad } from '../components/data.ts';
import type { GridCollection } from '../components/GridMap.tsx';
import type { TopicPoint } from './TopicMap.tsx';

const TopicMap = lazy(() => import('./TopicMap.tsx'));

interface Day { date: string; count: number }
interface Member { id: number; code: string; text: string; receivedAt: string; status: string; statusLabel: string; region: string | null }
interface Proposal {
  key: string; title: string; label: string; terms: string[]; sample: string; place: string | null;
  size: number; households: number; score: number;
  category: { id: number; code: string; name: string } | null;
  area: { regionId: number; name: string; fullName: string; level: string } | null;
  areas: { regionId: number | null; name: string; count: number }[];
  first: string; last: string; peak7: number; trend: Day[];
  suggestedDepartment: { id: number; name: string } | null;
  requestIds: number[]; members: Member[];
}
interface Proposals { month: string; requests: number; total: number; proposals: Proposal[] }
interface TopicRow {
  rank: number; id: number; title: string; label: string | null; status: 'open' | 'closed'; statusLabel: string; month: string;
  leadDepartment: { id: number; name: string }; region: { id: number; name: string | null };
  volume: number; total: number; done: number; firstAt: string | null; lastAt: string | null; version: number;
}
interface TopicDetail {
  id: number; title: string; label: string | null; status: 'open' | 'closed'; statusLabel: string; month: string; note: string | null;
  leadDepartment: { id: number; name: string | null }; region: { id: number; name: string | null; fullName: string };
  total: number; shown: number; version: number; canClose: boolean;
  statuses: { status: string; label: string; count: number }[];
  requests: { id: number; code: string; text: string; status: string; statusLabel: string; receivedAt: string; region: { name: string | null }; department: { name: string | null } | null }[];
  points: TopicPoint[]; trend: Day[];
}

const thisMonth = () => dayjs().format('YYYY-MM');
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String((e as Error)?.message ?? e), String((e as Error)?.message ?? e)));

/** The trend line with its first and last day under it, so a reader knows what it spans. */
export function Trend({ days, width, height, caption }: { days: Day[]; width?: number; height?: number; caption?: ReactNode }) {
  if (!days.length) return null;
  const day = (d: string) => dayjs(d).format('M月D日');
  return (
    <div style={{ maxWidth: width }}>
      <Sparkline days={days} width={width} height={height} />
      <div style={{ display: 'flex', justifyContent: 'space-between', color: '#8c8c8c', fontSize: 13, lineHeight: 1.4 }}>
        <span>{day(days[0].date)}</span>{caption ? <span style={{ color: '#595959' }}>{caption}</span> : null}<span>{day(days[days.length - 1].date)}</span>
      </div>
    </div>
  );
}

/** A small trend line: one point a day, the busiest day marked. Plain SVG, no chart library. */
export function Sparkline({ days, width = 220, height = 44, colour = '#b8262b' }: { days: Day[]; width?: number; height?: number; colour?: string }) {
  if (!days.length) return null;
  const max = Math.max(1, ...days.map((d) => d.count));
  const step = days.length > 1 ? (width - 4) / (days.length - 1) : 0;
  const y = (c: number) => height - 3 - (c / max) * (height - 8);
  const pts = days.map((d, i) => `${(2 + i * step).toFixed(1)},${y(d.count).toFixed(1)}`).join(' ');
  const peak = days.reduce((a, d, i) => (d.count > days[a].count ? i : a), 0);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${days[0].date}–${days[days.length - 1].date}`} style={{ display: 'block', maxWidth: '100%' }}>
      <line x1={2} x2={width - 2} y1={height - 3} y2={height - 3} stroke="#e8e8e8" />
      <polyline points={pts} fill="none" stroke={colour} strokeWidth={2} strokeLinejoin="round" />
      <circle cx={2 + peak * step} cy={y(days[peak].count)} r={3.5} fill={colour}><title>{`${days[peak].date}: ${days[peak].count}`}</title></circle>
    </svg>
  );
}

export default function Topics() {
  const { pick } = useI18n();
  const route = useRoute();
  const me = useMe();
  const month = route.query.get('month') ?? thisMonth();
  const tab = (route.query.get('tab') as 'proposals' | 'topics' | null) ?? 'proposals';
  const openId = route.query.get('id') ? Number(route.query.get('id')) : null;
  const set = (q: Record<string, string | number | null | undefined>) =>
    navigate(href('/topics', { month, tab, id: openId ?? undefined, ...q }), { replace: true });

  if (openId) return <TopicView id={openId} onBack={() => set({ id: null })} />;
  return (
    <>
      <PageHeader title={<span><FireOutlined style={{ color: '#b8262b', marginRight: 8 }} />{pick('小专题', 'Hot topics')}</span>}
        sub={pick('同一地方、短时间内许多群众反映的同一件事：升级为专题，指定牵头部门，并案优先办理', 'Many people reporting the same matter in one place or within days: promote it to a topic with a lead department, handled together and first')}
        extra={<DatePicker picker="month" size="large" allowClear={false} inputReadOnly value={dayjs(`${month}-01`)} onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          aria-label={pick('月份', 'Month')} data-testid="topics-month" />} />
      <Segmented size="large" value={tab} onChange={(v) => set({ tab: v as string })} style={{ marginBottom: 16 }} data-testid="topics-tab"
        options={[{ value: 'proposals', label: pick('本月建议', 'Proposed') }, { value: 'topics', label: pick('专题排行', 'Ranking') }]} />
      {tab === 'proposals'
        ? <ProposalList month={month} canPromote={can(me, 'request.dispatch')} onPromoted={(id) => navigate(href('/topics', { month, tab: 'topics', id }))} />
        : <TopicRanking month={month} onOpen={(id) => set({ id })} />}
    </>
  );
}

function ProposalList({ month, canPromote, onPromoted }: { month: string; canPromote: boolean; onPromoted: (id: number) => void }) {
  const { pick } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const [regionId, setRegionId] = useState<number | null>(null);
  const data = useLoad((signal) => api.get<Proposals>('/api/topics/proposals', { month, regionId: regionId ?? undefined }, signal), [month, regionId]);
  const [promoting, setPromoting] = useState<Proposal | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const list = data.data?.proposals ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <RegionPicker value={regionId ?? undefined} onChange={(v) => setRegionId((v as number | undefined) ?? null)} placeholder={pick('全部区域', 'All areas')} style={{ minWidth: 240 }} />
        <Button size="large" icon={<ReloadOutlined />} onClick={data.reload}>{pick('刷新', 'Reload')}</Button>
        {data.data && <Typography.Text type="secondary" data-testid="proposals-summary">{pick(`本月 ${data.data.requests} 件诉求，发现 ${data.data.total} 个小专题`, `${data.data.requests} requests this month, ${data.data.total} hot topics`)}</Typography.Text>}
      </Space>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      {!data.data && data.loading ? <Card><Skeleton active paragraph={{ rows: 5 }} /></Card> : !data.data ? null : (
      <List loading={data.loading} dataSource={list} data-testid="proposals"
        locale={{ emptyText: <Empty description={<>
          <div style={{ fontSize: 16 }}>{pick('本月没有发现新的小专题', 'No new hot topics this month')}</div>
          <div style={{ color: '#8c8c8c', marginTop: 4 }}>{pick('同一社区或相距不远、几天之内有多件相似的诉求时，会在这里提示。', 'When several similar requests come from one community or close by within days, they show here.')}</div>
        </>} /> }}
        renderItem={(p, i) => (
          <Card key={p.key} style={{ marginBottom: 12 }} styles={{ body: { padding: phone ? 12 : 20 } }} data-testid="proposal">
            <Row gutter={[16, 12]} align="middle">
              <Col xs={24} lg={14}>
                <div style={{ fontSize: 19, fontWeight: 600, marginBottom: 6 }}>{i + 1}. {p.title}</div>
                <Space wrap size={[6, 6]} style={{ marginBottom: 8 }}>
                  {p.category && <Tag color="red" style={{ fontSize: 15 }}>{p.category.name}</Tag>}
                  {p.area && <Tag style={{ fontSize: 15 }}>{p.area.fullName}</Tag>}
                  {p.areas.length > 1 && <Tag style={{ fontSize: 15 }}>{pick(`涉及${p.areas.length}个社区/村`, `${p.areas.length} areas`)}</Tag>}
                  <Tag color="volcano" style={{ fontSize: 15 }}>{pick(`${p.size}件 · ${p.households}户`, `${p.size} requests · ${p.households} households`)}</Tag>
                  <Tag style={{ fontSize: 15 }}>{p.first === p.last ? p.first : `${p.first} ~ ${p.last}`}</Tag>
                </Space>
                {p.sample && <div style={{ fontSize: 16, color: '#434343', borderLeft: '3px solid #ffccc7', paddingLeft: 10 }}>“{p.sample}”</div>}
                {p.terms.length > 0 && <div style={{ marginTop: 6, color: '#8c8c8c' }}>{pick('关键词：', 'Key words: ')}{p.terms.join('、')}</div>}
              </Col>
              <Col xs={24} sm={14} lg={6}>
                <Trend days={p.trend} width={phone ? 320 : 220} caption={pick('每日件数', 'a day')} />
                <div style={{ color: '#595959', fontSize: 14, marginTop: 2 }}>{pick(`最集中的一周 ${p.peak7} 件 · 热度 ${p.score}`, `${p.peak7} in the busiest week · score ${p.score}`)}</div>
              </Col>
              <Col xs={24} sm={10} lg={4} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {canPromote && <Button type="primary" size="large" block icon={<FireOutlined />} onClick={() => setPromoting(p)} data-testid="promote">{pick('升级为专题', 'Promote')}</Button>}
                <Button size="large" block data-testid="toggle-members" onClick={() => setExpanded(expanded === p.key ? null : p.key)}>{expanded === p.key ? pick('收起诉求', 'Hide requests') : pick('查看诉求', 'Show requests')}</Button>
              </Col>
            </Row>
            {expanded === p.key && (
              <List size="small" style={{ marginTop: 12 }} dataSource={p.members}
                renderItem={(m) => (
                  <List.Item key={m.id} data-testid="proposal-member" style={{ cursor: 'pointer', fontSize: 16 }} onClick={() => navigate(`/requests/${m.id}`)}>
                    <div style={{ width: '100%' }}>
                      <Space wrap><a>{m.code}</a><Tag>{m.statusLabel}</Tag><Typography.Text type="secondary">{dayjs(m.receivedAt).format('MM-DD HH:mm')} · {m.region}</Typography.Text></Space>
                      <div>{m.text}</div>
                    </div>
                  </List.Item>
                )}
                footer={p.size > p.members.length ? <Typography.Text type="secondary">{pick(`另有 ${p.size - p.members.length} 件`, `${p.size - p.members.length} more`)}</Typography.Text> : null} />
            )}
          </Card>
        )} />
      )}
      <PromoteModal proposal={promoting} month={month} onClose={() => setPromoting(null)} onDone={(id) => { setPromoting(null); onPromoted(id); }} />
    </>
  );
}

function PromoteModal({ proposal, month, onClose, onDone }: { proposal: Proposal | null; month: string; onClose: () => void; onDone: (id: number) => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const departments = useDepartments();
  const [form] = Form.useForm<{ title: string; leadDepartmentId: number | null }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (proposal) { form.setFieldsValue({ title: proposal.title.slice(0, 100), leadDepartmentId: proposal.suggestedDepartment?.id ?? null }); setProblem(null); }
  }, [proposal]);
  const save = async () => {
    if (!proposal) return;
    let v: { title: string; leadDepartmentId: number | null };
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true); setProblem(null);
    try {
      const t = await api.post<{ id: number; title: string }>('/api/topics', { title: v.title.trim(), leadDepartmentId: v.leadDepartmentId, requestIds: proposal.requestIds, month, label: proposal.label || null });
      message.success(pick(`已升级为专题“${t.title}”`, `Topic “${t.title}” created`));
      onDone(t.id);
    } catch (e) {
      const err = asError(e);
      setProblem([err.text(lang), ...err.details.map((d) => (lang === 'en' ? d.reason_en || d.reason : d.reason))].join('；'));
    } finally { setSaving(false); }
  };
  const options = (departments.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  return (
    <Modal open={!!proposal} onCancel={onClose} onOk={save} confirmLoading={saving} destroyOnHidden width={560}
      title={pick('升级为专题', 'Promote to a topic')} okText={pick('升级为专题', 'Promote')} okButtonProps={{ 'data-testid': 'promote-ok' } as never} cancelText={pick('取消', 'Cancel')}>
      {problem && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={problem} />}
      {proposal && <Typography.Paragraph type="secondary">{pick(`${proposal.size} 件诉求将并案，由牵头部门优先办理。`, `${proposal.size} requests will be handled together by the lead department, first.`)}</Typography.Paragraph>}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="title" label={pick('专题名称', 'Title')} rules={[{ required: true, whitespace: true, min: 2, message: pick('请填写专题名称', 'Enter a title') }]}>
          <Input size="large" maxLength={100} />
        </Form.Item>
        <Form.Item name="leadDepartmentId" label={pick('牵头部门', 'Lead department')} rules={[{ required: true, message: pick('请选择牵头部门', 'Choose the lead department') }]}
          extra={proposal?.suggestedDepartment ? pick(`按分类与区域建议：${proposal.suggestedDepartment.name}`, `Suggested by category and area: ${proposal.suggestedDepartment.name}`) : undefined}>
          <Select size="large" showSearch optionFilterProp="label" options={options} loading={departments.loading} placeholder={pick('选择部门', 'Choose a department')} data-testid="lead-department" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TopicRanking({ month, onOpen }: { month: string; onOpen: (id: number) => void }) {
  const { pick } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const data = useLoad((signal) => api.get<{ items: TopicRow[] }>('/api/topics', { month }, signal), [month]);
  const items = data.data?.items ?? [];
  const empty = <Empty description={<>
    <div style={{ fontSize: 16 }}>{pick('本月还没有专题', 'No topics this month')}</div>
    <div style={{ color: '#8c8c8c', marginTop: 4 }}>{pick('在“本月建议”里把小专题升级为专题后，会在这里排行。', 'Promote a proposal under “Proposed” and it is ranked here.')}</div>
  </>} />;
  const status = (t: TopicRow) => <Tag color={t.status === 'open' ? 'processing' : 'default'} style={{ fontSize: 14 }}>{pick(t.status === 'open' ? '办理中' : '已结束', t.status === 'open' ? 'Open' : 'Closed')}</Tag>;
  return (
    <Card styles={{ body: { padding: phone ? 8 : 16 } }}>
      <Typography.Paragraph type="secondary">{pick('按本月诉求件数排列，可作为“每月一题”的选题依据。', 'Ranked by this month’s requests: the material for the problem of the month.')}</Typography.Paragraph>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      {!data.data && data.loading ? <Skeleton active paragraph={{ rows: 4 }} /> : !data.data ? null : phone ? (
        <List loading={data.loading} dataSource={items} locale={{ emptyText: empty }}
          renderItem={(t) => (
            <List.Item key={t.id} data-testid="topic-row" onClick={() => onOpen(t.id)} style={{ cursor: 'pointer', padding: 12 }}>
              <div style={{ width: '100%' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}><b style={{ fontSize: 17 }}>{t.rank}. {t.title}</b>{status(t)}</div>
                <div style={{ color: '#555' }}>{t.leadDepartment.name} · {t.region.name}</div>
                <div>{pick(`本月 ${t.volume} 件 · 共 ${t.total} 件 · 已办结 ${t.done} 件`, `${t.volume} this month · ${t.total} in all · ${t.done} done`)}</div>
              </div>
            </List.Item>
          )} />
      ) : (
        <Table<TopicRow> rowKey="id" size="middle" dataSource={items} loading={data.loading} data-testid="topics-table" pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(t) => ({ onClick: () => onOpen(t.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: empty }}
          columns={[
            { title: pick('排名', 'Rank'), dataIndex: 'rank', width: 70 },
            { title: pick('专题', 'Topic'), dataIndex: 'title', render: (v: string) => <a style={{ fontWeight: 600 }}>{v}</a> },
            { title: pick('牵头部门', 'Lead'), key: 'lead', render: (_: unknown, t: TopicRow) => t.leadDepartment.name },
            { title: pick('区域', 'Area'), key: 'region', render: (_: unknown, t: TopicRow) => t.region.name },
            { title: pick('本月件数', 'This month'), dataIndex: 'volume', align: 'right' as const, render: (v: number) => <b style={{ fontSize: 18 }}>{v}</b> },
            { title: pick('总件数', 'In all'), dataIndex: 'total', align: 'right' as const },
            { title: pick('已办结', 'Done'), dataIndex: 'done', align: 'right' as const },
            { title: pick('状态', 'Status'), key: 'status', render: (_: unknown, t: TopicRow) => status(t) },
          ]} />
      )}
    </Card>
  );
}

function TopicView({ id, onBack }: { id: number; onBack: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const topic = useLoad((signal) => api.get<TopicDetail>(`/api/topics/${id}`, undefined, signal), [id]);
  const t = topic.data;
  const geo = useLoad((signal) => (t ? api.get<GridCollection>('/api/regions/geojson', { parentId: t.region.id, level: 'grid' }, signal).catch(() => null) : Promise.resolve(null)), [t?.region.id]);
  const points = useMemo(() => t?.points ?? [], [t]);
  const [closing, setClosing] = useState(false);
  const close = async () => {
    if (!t) return;
    setClosing(true);
    try {
      await api.post(`/api/topics/${t.id}/close`, { version: t.version });
      message.success(pick('专题已结束', 'Topic closed'));
      topic.reload();
    } catch (e) { message.error(asError(e).text(lang)); } finally { setClosing(false); }
  };
  return (
    <>
      <PageHeader title={t ? t.title : pick('专题', 'Topic')}
        sub={t ? `${t.region.fullName} · ${pick('牵头', 'Lead')}：${t.leadDepartment.name}` : undefined}
        extra={<>
          <Button size="large" icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="topic-back">{pick('返回', 'Back')}</Button>
          {t?.canClose && (
            <Popconfirm title={pick('确认结束此专题？其诉求将不再并案优先。', 'Close this topic? Its requests are no longer handled together first.')} okText={pick('结束', 'Close')} cancelText={pick('取消', 'Cancel')} onConfirm={close}>
              <Button size="large" danger loading={closing} data-testid="close-topic">{pick('结束专题', 'Close topic')}</Button>
            </Popconfirm>
          )}
        </>} />
      <ErrorAlert error={topic.error} onRetry={topic.reload} />
      {!t ? (topic.error ? null : <Skeleton active paragraph={{ rows: 8 }} />) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
              <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
                <Tag color={t.status === 'open' ? 'processing' : 'default'} style={{ fontSize: 15 }}>{pick(t.status === 'open' ? '办理中' : '已结束', t.status === 'open' ? 'Open' : 'Closed')}</Tag>
                <Tag style={{ fontSize: 15 }}>{pick(`共 ${t.total} 件`, `${t.total} requests`)}</Tag>
                {t.statuses.map((s) => <Tag key={s.status} style={{ fontSize: 15 }}>{s.label} {s.count}</Tag>)}
              </Space>
              <div style={{ marginBottom: 4, color: '#595959', fontSize: 15 }}>{pick('每日件数', 'Requests a day')}</div>
              <div data-testid="topic-trend"><Trend days={t.trend} width={phone ? 320 : 420} height={80} /></div>
              {t.note && <Typography.Paragraph style={{ marginTop: 12 }}>{t.note}</Typography.Paragraph>}
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card styles={{ body: { padding: phone ? 8 : 16 } }} title={pick('诉求分布', 'Where they are')}>
              {points.length === 0 ? <Empty description={pick('这些诉求没有位置', 'These requests have no location')} /> : (
                <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                  {geo.loading ? <Skeleton active paragraph={{ rows: 8 }} />
                    : <TopicMap mapKey={`topic-${t.id}`} geo={geo.data ?? null} points={points} height={phone ? 320 : 420} onPick={(rid) => navigate(`/requests/${rid}`)} />}
                </Suspense>
              )}
            </Card>
          </Col>
          <Col span={24}>
            <Card styles={{ body: { padding: phone ? 8 : 16 } }} title={pick(`专题诉求（${t.shown}）`, `Requests (${t.shown})`)}>
              {phone ? (
                <List dataSource={t.requests} data-testid="topic-requests" pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                  renderItem={(r) => (
                    <List.Item key={r.id} data-testid="topic-request" onClick={() => navigate(`/requests/${r.id}`)} style={{ cursor: 'pointer', padding: '12px 4px' }}>
                      <div style={{ width: '100%', fontSize: 16 }}>
                        <Space wrap><a>{r.code}</a><Tag style={{ fontSize: 14 }}>{r.statusLabel}</Tag></Space>
                        <div style={{ margin: '4px 0' }}>{r.text}</div>
                        <Typography.Text type="secondary">{dayjs(r.receivedAt).format('MM-DD HH:mm')} · {r.region.name}{r.department?.name ? ` · ${r.department.name}` : ''}</Typography.Text>
                      </div>
                    </List.Item>
                  )} />
              ) : (
                <Table rowKey="id" size="middle" dataSource={t.requests} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={phone ? undefined : { x: 'max-content' }}
                onRow={(r) => ({ onClick: () => navigate(`/requests/${r.id}`), style: { cursor: 'pointer' } })} data-testid="topic-requests"
                  columns={[
                  { title: pick('编号', 'Code'), dataIndex: 'code', render: (v: string) => <a>{v}</a> },
                  { title: pick('内容', 'Text'), dataIndex: 'text', render: (v: string) => <span style={{ display: 'inline-block', maxWidth: phone ? 220 : 420 }}>{v}</span> },
                  { title: pick('状态', 'Status'), dataIndex: 'statusLabel', render: (v: string) => <Tag style={{ fontSize: 14 }}>{v}</Tag> },
                  { title: pick('受理时间', 'Received'), dataIndex: 'receivedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
                  { title: pick('网格', 'Grid'), key: 'region', render: (_: unknown, r: TopicDetail['requests'][number]) => r.region.name },
                  { title: pick('承办部门', 'Department'), key: 'dept', render: (_: unknown, r: TopicDetail['requests'][number]) => r.department?.name ?? '—' },
                ]} />
              )}
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
