// 走访轮次 (第三轮大走访 …): every round with its progress; a round's coverage by department, by
// liaison group and by grid as it goes, and a map of its grids coloured by the share of
// households visited. Staff with liaison.manage start a round: a name, an area and a period.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Grid, Input, List, Modal, Row, Segmented, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { href, navigate, useRoute } from '../../router.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader, RegionPicker } from '../../components/ui.tsx';
import { useLoad } from '../../components/data.ts';
import type { GridCollection } from '../../components/GridMap.tsx';
import { asError, dayText, RateBar, today, type CoverageRow, type Round } from './shared.tsx';

const CoverageMap = lazy(() => import('./CoverageMap.tsx'));
type By = 'department' | 'group' | 'grid';

function phase(r: Round): 'future' | 'running' | 'over' {
  const t = today();
  return t < r.startsOn ? 'future' : t > r.endsOn ? 'over' : 'running';
}

export default function Rounds() {
  const { pick, lang } = useI18n();
  const me = useMe();
  const manage = can(me, 'liaison.manage');
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const rounds = useLoad((signal) => api.get<{ items: Round[] }>('/api/visit-rounds', undefined, signal), []);
  const [creating, setCreating] = useState(false);
  const items = rounds.data?.items ?? [];
  const selectedId = route.query.get('id') ? Number(route.query.get('id')) : items[0]?.id ?? null;
  const selected = items.find((r) => r.id === selectedId) ?? null;
  const select = (id: number) => navigate(href('/liaison/rounds', { id }), { replace: true });

  const phaseTag = (r: Round) => {
    const p = phase(r);
    return p === 'running' ? <Tag color="processing" style={{ fontSize: 14 }}>{pick('进行中', 'Running')}</Tag>
      : p === 'future' ? <Tag style={{ fontSize: 14 }}>{pick('未开始', 'Not started')}</Tag>
        : <Tag color="default" style={{ fontSize: 14 }}>{pick('已结束', 'Over')}</Tag>;
  };

  const columns = [
    { title: pick('轮次', 'Round'), dataIndex: 'name', key: 'name', render: (v: string, r: Round) => <a onClick={() => select(r.id)} style={{ fontWeight: 600 }}>{v}</a> },
    { title: pick('区域', 'Area'), dataIndex: 'regionName', key: 'region' },
    { title: pick('时间', 'Period'), key: 'period', render: (_: unknown, r: Round) => <span style={{ whiteSpace: 'nowrap' }}>{dayText(r.startsOn, lang)} ~ {dayText(r.endsOn, lang)} {phaseTag(r)}</span> },
    { title: pick('进度', 'Progress'), key: 'rate', width: 340, render: (_: unknown, r: Round) => <RateBar rate={r.rate} visited={r.visited} households={r.households} /> },
  ];

  return (
    <>
      <PageHeader title={pick('走访轮次', 'Visit rounds')} sub={pick('每一轮大走访的进度：各部门、各联户组、各网格的走访覆盖情况', 'Each round’s progress by department, group and grid')}
        extra={manage ? <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{pick('新建轮次', 'New round')}</Button> : null} />
      <ErrorAlert error={rounds.error} onRetry={rounds.reload} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: phone ? 8 : 16 } }}>
        {phone ? (
          <List loading={rounds.loading} dataSource={items} locale={{ emptyText: <Empty description={pick('还没有走访轮次', 'No rounds yet')} /> }}
            renderItem={(r) => (
              <List.Item key={r.id} onClick={() => select(r.id)} style={{ cursor: 'pointer', background: r.id === selectedId ? '#fff1f0' : undefined, padding: 12, borderRadius: 6 }}>
                <div style={{ width: '100%' }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}><b style={{ fontSize: 17 }}>{r.name}</b>{phaseTag(r)}</div>
                  <div style={{ color: '#555', margin: '4px 0' }}>{r.regionName} · {r.startsOn} ~ {r.endsOn}</div>
                  <RateBar rate={r.rate} visited={r.visited} households={r.households} width={0} />
                </div>
              </List.Item>
            )} />
        ) : (
          <Table<Round> rowKey="id" size="middle" columns={columns} dataSource={items} loading={rounds.loading} data-testid="rounds-table"
            pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.id === selectedId ? 'ant-table-row-selected' : '')}
            onRow={(r) => ({ onClick: () => select(r.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: <Empty description={pick('还没有走访轮次', 'No rounds yet')} /> }} />
        )}
      </Card>
      {selected && <RoundDetail round={selected} phone={phone} />}
      {manage && <CreateRound open={creating} onClose={() => setCreating(false)} onCreated={(r) => { setCreating(false); rounds.reload(); select(r.id); }} />}
    </>
  );
}

function RoundDetail({ round, phone }: { round: Round; phone: boolean }) {
  const { pick } = useI18n();
  const [by, setBy] = useState<By>('department');
  const cov = useLoad((signal) => api.get<{ rows: CoverageRow[] }>(`/api/visit-rounds/${round.id}/coverage`, { by }, signal), [round.id, by]);
  const grids = useLoad((signal) => api.get<{ rows: CoverageRow[] }>(`/api/visit-rounds/${round.id}/coverage`, { by: 'grid' }, signal), [round.id]);
  const geo = useLoad((signal) => api.get<GridCollection>('/api/regions/geojson', { parentId: round.regionId, level: 'grid' }, signal), [round.regionId]);
  const reload = () => { cov.reload(); grids.reload(); };
  const rows = cov.data?.rows ?? [];
  const labels = {
    visited: pick('已走访', 'Visited'), rate: pick('覆盖率', 'Coverage'), legendHigh: pick('全覆盖', 'All'), legendLow: pick('未走访', 'None'),
    none: pick('无住户', 'No households'), unit: pick(' 户', ''),
  };
  const byLabel = { department: pick('部门', 'Department'), group: pick('联户组', 'Group'), grid: pick('网格', 'Grid') }[by];

  return (
    <Card data-testid="round-detail" styles={{ body: { padding: phone ? 8 : 16 } }}
      title={<span style={{ fontSize: 20 }}>{round.name}</span>}
      extra={<Button icon={<ReloadOutlined />} onClick={reload}>{pick('刷新', 'Reload')}</Button>}>
      <div style={{ marginBottom: 16, maxWidth: 560 }}>
        <Typography.Text type="secondary">{round.regionName} · {round.startsOn} ~ {round.endsOn}</Typography.Text>
        <div style={{ fontSize: 18, marginTop: 4 }}><RateBar rate={round.rate} visited={round.visited} households={round.households} /></div>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Segmented<By> size="large" value={by} onChange={setBy} style={{ marginBottom: 12 }} data-testid="round-by"
            options={[{ value: 'department', label: pick('按部门', 'By department') }, { value: 'group', label: pick('按联户组', 'By group') }, { value: 'grid', label: pick('按网格', 'By grid') }]} />
          <ErrorAlert error={cov.error} onRetry={cov.reload} />
          <Table<CoverageRow> rowKey="id" size="middle" dataSource={rows} loading={cov.loading} data-testid="round-coverage"
            pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={phone ? undefined : { x: 'max-content' }}
            locale={{ emptyText: <Empty description={pick('暂无数据', 'No data')} /> }}
            columns={[
              { title: byLabel, dataIndex: 'name', key: 'name', render: (v: string) => <b>{v}</b> },
              { title: pick('覆盖', 'Coverage'), key: 'rate', width: phone ? undefined : 320, render: (_: unknown, r: CoverageRow) => <RateBar rate={r.rate} visited={r.visited} households={r.households} width={phone ? 0 : 280} /> },
            ]} />
        </Col>
        <Col xs={24} xl={12}>
          <ErrorAlert error={geo.error ?? grids.error} onRetry={() => { geo.reload(); grids.reload(); }} />
          {(geo.loading || grids.loading) && !(geo.data && grids.data) ? <Skeleton active paragraph={{ rows: 8 }} />
            : geo.data && geo.data.features.length > 0 ? (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                <CoverageMap mapKey={`round-${round.id}`} geo={geo.data} coverage={grids.data?.rows ?? []} labels={labels} compact={phone} />
              </Suspense>
            ) : <Empty description={pick('该区域下没有带边界的网格', 'No grids with boundaries here')} style={{ padding: 48 }} />}
        </Col>
      </Row>
    </Card>
  );
}

interface CreateValues { name: string; regionId: number | null; period: [Dayjs, Dayjs] | null }

function CreateRound({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: Round) => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => { if (open) { form.resetFields(); setGeneral(null); } }, [open]);

  const save = async () => {
    let v: CreateValues;
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true); setGeneral(null);
    try {
      const r = await api.post<Round>('/api/visit-rounds', { name: v.name.trim(), regionId: v.regionId, startsOn: v.period![0].format('YYYY-MM-DD'), endsOn: v.period![1].format('YYYY-MM-DD') });
      message.success(pick(`已新建“${r.name}”`, `“${r.name}” created`));
      onCreated(r);
    } catch (e) {
      const err = asError(e);
      const where: Record<string, keyof CreateValues> = { name: 'name', regionId: 'regionId', startsOn: 'period', endsOn: 'period' };
      const fields = err.details.filter((d) => where[d.field]);
      form.setFields(fields.map((d) => ({ name: where[d.field], errors: [lang === 'en' ? d.reason_en || d.reason : d.reason] })));
      const rest = err.details.filter((d) => !where[d.field]).map((d) => (lang === 'en' ? d.reason_en || d.reason : d.reason));
      setGeneral([err.text(lang), ...rest].join('；'));
    } finally { setSaving(false); }
  };

  return (
    <Modal open={open} onCancel={onClose} onOk={save} confirmLoading={saving} title={pick('新建走访轮次', 'New visit round')}
      okText={pick('创建', 'Create')} cancelText={pick('取消', 'Cancel')} destroyOnHidden width={520}>
      {general && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={general} />}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ name: '', regionId: null, period: null }}>
        <Form.Item name="name" label={pick('名称', 'Name')} rules={[{ required: true, whitespace: true, message: pick('请填写名称', 'Enter a name') }]}>
          <Input maxLength={100} placeholder={pick('如：第三轮大走访', 'e.g. Third round')} />
        </Form.Item>
        <Form.Item name="regionId" label={pick('走访区域', 'Area')} rules={[{ required: true, message: pick('请选择区域', 'Choose the area') }]}>
          <RegionPicker style={{ width: '100%' }} placeholder={pick('选择区域', 'Choose the area')} />
        </Form.Item>
        <Form.Item name="period" label={pick('起止日期', 'Period')} rules={[{ required: true, message: pick('请选择起止日期', 'Choose the period') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} placeholder={[pick('开始日期', 'Start'), pick('结束日期', 'End')]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
