// 诉求统计: the counts and rates of requests for a period, region, department, category and
// channel — the four big numbers of the Changdao report (受理/已办结/正在办理/疑难受限), the
// Beijing rates, and one row per group. Filters live in the address (#/request-stats?…) so a
// link or the back button restores the same view. Desks get a table, phones a list of cards.
import { useState, type CSSProperties, type ReactNode } from 'react';
import {
  Alert, App, Button, Card, Col, DatePicker, Empty, Grid, List, Row, Segmented, Select, Skeleton, Space, Table, Typography,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, download, type Query } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href, navigate, useRoute } from '../router.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader, RegionPicker } from '../components/ui.tsx';
import { useDepartments, useLoad } from '../components/data.ts';

export interface StatsRow {
  key: string | number | null; label: string | null;
  collected: number; resolved: number; inProgress: number; constrained: number; merged: number;
  answered: number; answeredOnTime: number; answersDue: number; onTimeRate: number | null;
  dispatched: number; acceptedOnTime: number; responseRate: number | null;
  resolutionRate: number | null; verdicts: number; satisfied: number; satisfactionRate: number | null;
  overdue: number; reopened: number;
}
type Group = 'region' | 'department' | 'category' | 'channel' | 'month' | 'kind';
interface StatsResponse {
  total: StatsRow; rows: StatsRow[]; group: Group | 'none';
  calendar: { years: number[]; missing: number[]; message: string | null };
}
interface Category { id: number; code: string; name: string; nameEn?: string | null; active?: boolean }

type Period = 'month' | 'quarter' | 'year' | 'all' | 'custom';
const PERIODS: Period[] = ['month', 'quarter', 'year', 'all', 'custom'];
const GROUPS: Group[] = ['region', 'department', 'category', 'channel', 'month', 'kind'];
const FMT = 'YYYY-MM-DD';
const RED = '#b8262b';

// The server's codes (src/domain/requests.ts) with both languages.
const CHANNELS: Record<string, [string, string]> = {
  visit: ['入户走访', 'Home visit'], hotline: ['热线电话', 'Hotline'], web: ['网上/手机', 'Web / mobile'], grid: ['网格员', 'Grid worker'],
  letter: ['信访', 'Letters & visits'], window: ['服务窗口', 'Service window'], api: ['接口', 'API'],
};
const KINDS: Record<string, [string, string]> = {
  opinion: ['意见', 'Opinion'], suggestion: ['建议', 'Suggestion'], demand: ['诉求/求助', 'Request for help'],
  complaint: ['投诉', 'Complaint'], inquiry: ['咨询', 'Inquiry'],
};

/** The first and last day of this month, quarter or year; none for 'all'. */
function periodRange(p: Period, now = dayjs()): [string, string] | null {
  if (p === 'month') return [now.startOf('month').format(FMT), now.endOf('month').format(FMT)];
  if (p === 'quarter') {
    const first = now.month(Math.floor(now.month() / 3) * 3).startOf('month');
    return [first.format(FMT), first.add(2, 'month').endOf('month').format(FMT)];
  }
  if (p === 'year') return [now.startOf('year').format(FMT), now.endOf('year').format(FMT)];
  return null;
}

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && dayjs(s).isValid();
const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString());
/** Green when good, red when poor: a hint, the number says the rest. */
const rateColour = (r: number | null | undefined) => (r === null || r === undefined ? undefined : r >= 0.9 ? '#389e0d' : r < 0.6 ? '#cf1322' : '#d48806');

export default function RequestStats() {
  const { pick, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const qp = route.query;
  const departments = useDepartments().data;
  const categories = useLoad((signal) => api.get<Category[] | { items: Category[] }>('/api/categories', undefined, signal)
    .then((d) => (Array.isArray(d) ? d : d.items ?? [])), []).data;

  // ---- filters, read from and written to the address
  const rawPeriod = qp.get('period') as Period | null;
  const period: Period = rawPeriod && PERIODS.includes(rawPeriod) ? rawPeriod : 'year';
  const quick = periodRange(period);
  const from = period === 'custom' ? (isDay(qp.get('from')) ? qp.get('from') : null) : quick?.[0] ?? null;
  const to = period === 'custom' ? (isDay(qp.get('to')) ? qp.get('to') : null) : quick?.[1] ?? null;
  const numParam = (k: string) => { const v = Number(qp.get(k)); return Number.isInteger(v) && v > 0 ? v : null; };
  const filters = {
    period, from, to,
    regionId: numParam('regionId'), departmentId: numParam('departmentId'), categoryId: numParam('categoryId'),
    channel: qp.get('channel') && CHANNELS[qp.get('channel')!] ? qp.get('channel') : null,
    group: (GROUPS as string[]).includes(qp.get('group') ?? '') ? (qp.get('group') as Group) : 'region',
  };
  type Filters = typeof filters;
  const apply = (next: Partial<Filters>) => {
    const f = { ...filters, ...next };
    navigate(href(route.path, {
      period: f.period === 'year' ? undefined : f.period,
      from: f.period === 'custom' ? f.from : undefined, to: f.period === 'custom' ? f.to : undefined,
      regionId: f.regionId, departmentId: f.departmentId, categoryId: f.categoryId, channel: f.channel,
      group: f.group === 'region' ? undefined : f.group,
    }), { replace: true });
  };
  const setRange = (a: string | null, b: string | null) => apply({ period: 'custom', from: a, to: b });

  const query: Query = {
    from: filters.from, to: filters.to, regionId: filters.regionId, departmentId: filters.departmentId,
    categoryId: filters.categoryId, channel: filters.channel,
  };
  const key = JSON.stringify({ ...query, group: filters.group });
  const { data, error, loading, reload } = useLoad(
    (signal) => api.get<StatsResponse>('/api/request-stats', { ...query, group: filters.group }, signal), [key]);

  // ---- the ledger
  const [exporting, setExporting] = useState(false);
  const exportLedger = async () => {
    setExporting(true);
    try { await download('/api/requests/ledger.xlsx', query, '诉求台账.xlsx'); }
    catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
    finally { setExporting(false); }
  };

  // ---- labels of the grouped rows, in the current language
  const rowLabel = (r: StatsRow): string => {
    const k = r.key === null || r.key === undefined ? null : String(r.key);
    switch (data?.group ?? filters.group) {
      case 'channel': return k && CHANNELS[k] ? pick(...CHANNELS[k]) : r.label ?? pick('未知渠道', 'Unknown channel');
      case 'kind': return k && KINDS[k] ? pick(...KINDS[k]) : r.label ?? pick('未知类型', 'Unknown type');
      case 'category': {
        const c = categories?.find((x) => String(x.id) === k);
        return c ? pick(c.name, c.nameEn) : r.label || pick('未分类', 'No category');
      }
      case 'department': return k ? r.label || k : pick('未派单', 'Not dispatched');
      case 'region': return k ? r.label || k : pick('本级（未细分到下级）', 'This level (no sub-region)');
      case 'month': return k ?? pick('未知月份', 'Unknown month');
      default: return pick('全部', 'All');
    }
  };

  const calendarNote = data?.calendar?.message ? data.calendar.message.split('|') : null;
  const total = data?.total;
  const rows = data?.rows ?? [];
  const busy = loading && !data;
  const fieldWidth = phone ? '100%' : undefined;
  const drillable = filters.group === 'region';
  const drill = (r: StatsRow) => {
    const id = Number(r.key);
    if (drillable && r.key !== null && r.key !== '' && Number.isInteger(id) && id > 0) apply({ regionId: id });
  };

  // ---- columns: one list, used for the header, the cells and the totals row
  interface Leaf { key: keyof StatsRow; title: string; rate?: boolean; warn?: boolean }
  const groupsOfColumns: { title: string; leaves: Leaf[] }[] = [
    { title: pick('办理情况', 'Handling'), leaves: [
      { key: 'collected', title: pick('受理', 'Received') },
      { key: 'resolved', title: pick('已办结', 'Resolved') },
      { key: 'inProgress', title: pick('正在办理', 'In progress') },
      { key: 'constrained', title: pick('疑难受限', 'Constrained') },
      { key: 'merged', title: pick('合并', 'Merged') },
    ] },
    { title: pick('答复', 'Answers'), leaves: [
      { key: 'answersDue', title: pick('应答复', 'Due') },
      { key: 'answeredOnTime', title: pick('按期答复', 'On time') },
      { key: 'onTimeRate', title: pick('按期答复率', 'On-time rate'), rate: true },
    ] },
    { title: pick('响应', 'Response'), leaves: [
      { key: 'dispatched', title: pick('派单', 'Dispatched') },
      { key: 'acceptedOnTime', title: pick('按时接单', 'Accepted in time') },
      { key: 'responseRate', title: pick('响应率', 'Response rate'), rate: true },
    ] },
    { title: pick('解决', 'Resolution'), leaves: [
      { key: 'resolutionRate', title: pick('解决率', 'Resolution rate'), rate: true },
    ] },
    { title: pick('满意度', 'Satisfaction'), leaves: [
      { key: 'verdicts', title: pick('已评价', 'Rated') },
      { key: 'satisfied', title: pick('满意', 'Satisfied') },
      { key: 'satisfactionRate', title: pick('满意率', 'Satisfaction rate'), rate: true },
    ] },
    { title: pick('督办', 'Follow-up'), leaves: [
      { key: 'overdue', title: pick('超期', 'Overdue'), warn: true },
      { key: 'reopened', title: pick('重办', 'Reopened'), warn: true },
    ] },
  ];
  const leaves = groupsOfColumns.flatMap((g) => g.leaves);
  const cell = (l: Leaf, r: StatsRow): ReactNode => {
    const v = r[l.key] as number | null;
    if (l.rate) return <span style={{ color: rateColour(v), fontWeight: 600 }}>{pct(v)}</span>;
    if (l.warn && v) return <span style={{ color: '#cf1322', fontWeight: 600 }}>{num(v)}</span>;
    return num(v);
  };
  const groupTitle = {
    region: pick('区域', 'Region'), department: pick('部门', 'Department'), category: pick('分类', 'Category'),
    channel: pick('渠道', 'Channel'), month: pick('月份', 'Month'), kind: pick('类型', 'Type'),
  }[filters.group];
  const columns: TableColumnsType<StatsRow> = [
    {
      title: groupTitle, key: 'label', fixed: 'left', width: 170,
      sorter: (a, b) => rowLabel(a).localeCompare(rowLabel(b), lang === 'zh' ? 'zh-CN' : 'en'),
      render: (_: unknown, r: StatsRow) => (drillable && r.key ? <a onClick={() => drill(r)}>{rowLabel(r)}</a> : <b>{rowLabel(r)}</b>),
    },
    ...groupsOfColumns.map((g) => ({
      title: g.title, key: g.title, align: 'center' as const,
      children: g.leaves.map((l) => ({
        title: l.title, key: l.key, dataIndex: l.key, align: 'right' as const,
        onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
        sorter: (a: StatsRow, b: StatsRow) => ((a[l.key] as number | null) ?? -1) - ((b[l.key] as number | null) ?? -1),
        render: (_: unknown, r: StatsRow) => cell(l, r),
      })),
    })),
  ];

  // ---- filter controls
  const periodOptions = [
    { value: 'month', label: pick('本月', 'This month') },
    { value: 'quarter', label: pick('本季度', 'This quarter') },
    { value: 'year', label: pick('本年', 'This year') },
    { value: 'all', label: pick('全部', 'All time') },
  ];
  const groupOptions = GROUPS.map((g) => ({ value: g, label: {
    region: pick('按区域', 'By region'), department: pick('按部门', 'By department'), category: pick('按分类', 'By category'),
    channel: pick('按渠道', 'By channel'), month: pick('按月份', 'By month'), kind: pick('按类型', 'By type'),
  }[g] }));
  const d = (s: string | null) => (s ? dayjs(s) : null);
  const rangePicker = phone ? (
    <Space.Compact style={{ width: '100%' }}>
      <DatePicker style={{ width: '50%' }} value={d(filters.from)} placeholder={pick('开始日期', 'From')} inputReadOnly
        onChange={(v: Dayjs | null) => setRange(v ? v.format(FMT) : null, filters.to)} />
      <DatePicker style={{ width: '50%' }} value={d(filters.to)} placeholder={pick('结束日期', 'To')} inputReadOnly
        onChange={(v: Dayjs | null) => setRange(filters.from, v ? v.format(FMT) : null)} />
    </Space.Compact>
  ) : (
    <DatePicker.RangePicker value={[d(filters.from), d(filters.to)]} allowEmpty={[true, true]}
      placeholder={[pick('开始日期', 'From'), pick('结束日期', 'To')]}
      onChange={(v) => setRange(v?.[0] ? v[0].format(FMT) : null, v?.[1] ? v[1].format(FMT) : null)} />
  );
  const rowStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: phone ? 12 : 16 };
  const label = (text: string, control: ReactNode, style?: CSSProperties) => (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6, width: fieldWidth, ...style }}>
      <span style={{ fontSize: 15, color: '#555' }}>{text}</span>
      {control}
    </div>
  );

  const periodText = filters.from || filters.to
    ? `${filters.from ?? pick('最早', 'start')} ~ ${filters.to ?? pick('至今', 'today')}`
    : pick('全部时间', 'All time');

  return (
    <>
      <PageHeader title={pick('诉求统计', 'Request statistics')} sub={periodText}
        extra={(
          <>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && !!data}>{pick('刷新', 'Reload')}</Button>
            {can(me, 'export.run') && (
              <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={exportLedger}>
                {pick('导出台账', 'Export ledger')}</Button>
            )}
          </>
        )} />

      {calendarNote && (
        <Alert type="warning" showIcon style={{ marginBottom: 16, fontSize: 16 }}
          message={(
            <span>
              {lang === 'en' && calendarNote[1] ? calendarNote[1] : calendarNote[0]}{' '}
              <a href="#/calendar" style={{ whiteSpace: 'nowrap' }}>{pick('去补充工作日历 ›', 'Open the calendar ›')}</a>
            </span>
          )} />
      )}

      <Card styles={{ body: { padding: phone ? 12 : 16 } }} style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 14 }}>
          <div style={rowStyle}>
            {label(pick('统计期间', 'Period'), (
              <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
                <Segmented value={filters.period} options={periodOptions}
                  onChange={(v) => apply({ period: v as Period, from: null, to: null })} />
              </div>
            ))}
            {label(pick('起止日期', 'Dates'), rangePicker)}
          </div>
          <div style={rowStyle}>
            {label(pick('区域', 'Region'), <RegionPicker value={filters.regionId} onChange={(regionId) => apply({ regionId })}
              placeholder={pick('全部区域', 'All regions')} style={{ width: phone ? '100%' : 240 }} />)}
            {label(pick('承办部门', 'Department'), (
              <Select allowClear showSearch optionFilterProp="label" placeholder={pick('全部部门', 'All departments')}
                value={filters.departmentId ?? undefined} onChange={(v) => apply({ departmentId: v ?? null })}
                style={{ width: phone ? '100%' : 220 }} options={(departments ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            ))}
            {label(pick('诉求分类', 'Category'), (
              <Select allowClear showSearch optionFilterProp="label" placeholder={pick('全部分类', 'All categories')}
                value={filters.categoryId ?? undefined} onChange={(v) => apply({ categoryId: v ?? null })}
                style={{ width: phone ? '100%' : 200 }} options={(categories ?? []).map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
            ))}
            {label(pick('受理渠道', 'Channel'), (
              <Select allowClear placeholder={pick('全部渠道', 'All channels')} value={filters.channel ?? undefined}
                onChange={(v) => apply({ channel: v ?? null })} style={{ width: phone ? '100%' : 180 }}
                options={Object.entries(CHANNELS).map(([value, names]) => ({ value, label: pick(...names) }))} />
            ))}
          </div>
        </div>
      </Card>

      <ErrorAlert error={error} onRetry={reload} />

      <Row gutter={[phone ? 12 : 16, phone ? 12 : 16]} style={{ marginBottom: phone ? 12 : 16 }}>
        {([
          ['collected', pick('受理', 'Received'), RED],
          ['resolved', pick('已办结', 'Resolved'), '#389e0d'],
          ['inProgress', pick('正在办理', 'In progress'), '#d48806'],
          ['constrained', pick('疑难受限', 'Constrained'), '#531dab'],
        ] as const).map(([k, title, colour]) => (
          <Col key={k} xs={12} md={6}>
            <Card styles={{ body: { padding: phone ? 14 : 20 } }} style={{ borderTop: `4px solid ${colour}`, height: '100%' }}>
              {busy ? <Skeleton active paragraph={false} /> : (
                <>
                  <div style={{ fontSize: 17, color: '#444' }}>{title}</div>
                  <div style={{ fontSize: phone ? 32 : 38, fontWeight: 700, color: colour, lineHeight: 1.25, marginTop: 4 }}>
                    {num(total?.[k] ?? 0)}
                    <span style={{ fontSize: 16, fontWeight: 400, color: '#888', marginInlineStart: 4 }}>{lang === 'zh' ? '件' : ''}</span>
                  </div>
                </>
              )}
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[phone ? 12 : 16, phone ? 12 : 16]} style={{ marginBottom: 16 }}>
        {([
          ['onTimeRate', pick('按期答复率', 'On-time answers'), total ? `${pick('按期', 'on time')} ${num(total.answeredOnTime)} / ${pick('应答复', 'due')} ${num(total.answersDue)}` : ''],
          ['responseRate', pick('响应率', 'Response rate'), total ? `${pick('按时接单', 'in time')} ${num(total.acceptedOnTime)} / ${pick('派单', 'dispatched')} ${num(total.dispatched)}` : ''],
          ['resolutionRate', pick('解决率', 'Resolution rate'), total ? `${pick('已办结', 'resolved')} ${num(total.resolved)} / ${pick('受理', 'received')} ${num(total.collected)}` : ''],
          ['satisfactionRate', pick('满意率', 'Satisfaction'), total ? `${pick('满意', 'satisfied')} ${num(total.satisfied)} / ${pick('评价', 'rated')} ${num(total.verdicts)}` : ''],
        ] as const).map(([k, title, basis]) => (
          <Col key={k} xs={12} sm={8} xl={4}>
            <Card styles={{ body: { padding: phone ? 14 : 18 } }} style={{ height: '100%' }}>
              {busy ? <Skeleton active paragraph={false} /> : (
                <>
                  <div style={{ fontSize: 16, color: '#444' }}>{title}</div>
                  <div style={{ fontSize: 28, fontWeight: 700, color: rateColour(total?.[k]), lineHeight: 1.3 }}>{pct(total?.[k])}</div>
                  <div style={{ fontSize: 14, color: '#888' }}>{basis}</div>
                </>
              )}
            </Card>
          </Col>
        ))}
        {([
          ['overdue', pick('超期未答复', 'Overdue now'), pick('已过答复期限仍未答复', 'past the deadline, no answer yet')],
          ['reopened', pick('重办', 'Reopened'), pick('退回重新办理过的', 'sent back for rework')],
        ] as const).map(([k, title, basis]) => (
          <Col key={k} xs={12} sm={8} xl={4}>
            <Card styles={{ body: { padding: phone ? 14 : 18 } }} style={{ height: '100%' }}>
              {busy ? <Skeleton active paragraph={false} /> : (
                <>
                  <div style={{ fontSize: 16, color: '#444' }}>{title}</div>
                  <div style={{ fontSize: 28, fontWeight: 700, lineHeight: 1.3, color: total?.[k] ? '#cf1322' : undefined }}>
                    {num(total?.[k] ?? 0)}<span style={{ fontSize: 16, fontWeight: 400, color: '#888', marginInlineStart: 4 }}>{lang === 'zh' ? '件' : ''}</span>
                  </div>
                  <div style={{ fontSize: 14, color: '#888' }}>{basis}</div>
                </>
              )}
            </Card>
          </Col>
        ))}
      </Row>

      <Card title={<span style={{ fontSize: 18 }}>{pick('分组统计', 'By group')}</span>} styles={{ body: { padding: phone ? 12 : 16 } }}
        extra={phone ? null : <Segmented value={filters.group} options={groupOptions} onChange={(v) => apply({ group: v as Group })} />}>
        {phone && (
          <div style={{ overflowX: 'auto', marginBottom: 12 }}>
            <Segmented value={filters.group} options={groupOptions} onChange={(v) => apply({ group: v as Group })} />
          </div>
        )}
        {drillable && rows.some((r) => r.key) && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 14, marginBottom: 12 }}>
            {pick('点击区域名称可查看下一级。', 'Tap a region’s name to see the level below it.')}
          </Typography.Paragraph>
        )}
        {phone ? (
          <List loading={loading} dataSource={rows} locale={{ emptyText: <Empty description={pick('暂无数据', 'No data')} /> }}
            footer={total && rows.length > 1 ? <RowCard row={total} title={pick('合计', 'Total')} strong /> : undefined}
            renderItem={(r) => (
              <RowCard key={String(r.key)} row={r} title={rowLabel(r)}
                onOpen={drillable && r.key ? () => drill(r) : undefined} />
            )} />
        ) : (
          <Table<StatsRow> rowKey={(r) => String(r.key)} columns={columns} dataSource={rows} loading={loading}
            size="middle" bordered pagination={false} scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={pick('暂无数据', 'No data')} /> }}
            summary={() => (total && rows.length ? (
              <Table.Summary>
                <Table.Summary.Row style={{ background: '#fff7f7', fontWeight: 700 }}>
                  <Table.Summary.Cell index={0}><b>{pick('合计', 'Total')}</b></Table.Summary.Cell>
                  {leaves.map((l, i) => (
                    <Table.Summary.Cell key={l.key} index={i + 1} align="right"><b>{cell(l, total)}</b></Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null)} />
        )}
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 14, marginTop: 16 }}>
        {pick(
          '口径：只统计首次受理的诉求（合并的重复件单列）。按期答复率 = 按期答复 ÷ 应答复（已答复或已过期限未答复）；响应率 = 1 个工作日内接单 ÷ 派单；解决率 = 已办结 ÷ 受理；满意率 = 满意和基本满意 ÷ 已评价。',
          'Definitions: top-level requests only (merged duplicates counted apart). On-time rate = answered by the deadline ÷ answers due (answered, or unanswered past the deadline); response rate = accepted within 1 working day ÷ dispatched; resolution rate = resolved ÷ received; satisfaction = satisfied or basically satisfied ÷ rated.',
        )}
      </Typography.Paragraph>
    </>
  );
}

/** One group on a phone: the four big numbers, then the rates, in large type. */
function RowCard({ row, title, strong, onOpen }: { row: StatsRow; title: string; strong?: boolean; onOpen?: () => void }) {
  const { pick } = useI18n();
  const item = (name: string, value: ReactNode, colour?: string) => (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '4px 0', fontSize: 16 }}>
      <span style={{ color: '#555' }}>{name}</span>
      <span style={{ fontWeight: 600, color: colour }}>{value}</span>
    </div>
  );
  return (
    <Card style={{ marginBottom: 12, width: '100%', background: strong ? '#fff7f7' : undefined, borderColor: strong ? '#f3c6c7' : undefined }}
      styles={{ body: { padding: 14 } }} hoverable={!!onOpen} onClick={onOpen}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8, marginBottom: 8 }}>
        <span style={{ fontSize: 18, fontWeight: 700, color: onOpen ? RED : undefined }}>{title}{onOpen ? ' ›' : ''}</span>
        <span style={{ fontSize: 16 }}>{pick('受理', 'Received')} <b style={{ fontSize: 24, color: RED }}>{num(row.collected)}</b></span>
      </div>
      <Row gutter={16}>
        <Col span={12}>
          {item(pick('已办结', 'Resolved'), num(row.resolved), '#389e0d')}
          {item(pick('正在办理', 'In progress'), num(row.inProgress), '#d48806')}
          {item(pick('疑难受限', 'Constrained'), num(row.constrained), '#531dab')}
          {item(pick('超期', 'Overdue'), num(row.overdue), row.overdue ? '#cf1322' : undefined)}
          {item(pick('重办', 'Reopened'), num(row.reopened), row.reopened ? '#cf1322' : undefined)}
        </Col>
        <Col span={12}>
          {item(pick('按期答复率', 'On-time'), pct(row.onTimeRate), rateColour(row.onTimeRate))}
          {item(pick('响应率', 'Response'), pct(row.responseRate), rateColour(row.responseRate))}
          {item(pick('解决率', 'Resolution'), pct(row.resolutionRate), rateColour(row.resolutionRate))}
          {item(pick('满意率', 'Satisfaction'), pct(row.satisfactionRate), rateColour(row.satisfactionRate))}
          {item(pick('合并', 'Merged'), num(row.merged))}
        </Col>
      </Row>
    </Card>
  );
}
