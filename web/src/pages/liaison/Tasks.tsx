// 走访任务: the office's list of priority visits (重点访, due at the set interval after the last
// visit) and timely visits (及时访, opened by an event on a household) — overdue ones first and
// in red. From here the office records an event on a household (serious illness, a disaster, a
// death …), which opens a timely-visit task for its liaison group.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Grid, Input, List, Modal, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { AlertOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { href, navigate, useRoute } from '../../router.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader, RegionPicker, showFieldErrors } from '../../components/ui.tsx';
import { useLoad } from '../../components/data.ts';
import { asError, dayText, DueTag, EVENT_KINDS, EVENT_KIND_EN, EVENT_KIND_ZH, HouseholdSelect, today, type EventKind, type VisitTask } from './shared.tsx';

type Status = 'overdue' | 'open';
type Kind = 'all' | 'priority' | 'timely';

export default function Tasks() {
  const { pick } = useI18n();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const route = useRoute();
  const status = (route.query.get('status') as Status) === 'open' ? 'open' : 'overdue';
  const regionId = route.query.get('regionId') ? Number(route.query.get('regionId')) : null;
  const [kind, setKind] = useState<Kind>('all');
  const [event, setEvent] = useState<{ household: { id: number; address: string; headName: string | null } | null } | null>(null);
  const set = (next: { status?: Status; regionId?: number | null }) => navigate(href('/liaison/tasks', {
    status: (next.status ?? status) === 'open' ? 'open' : undefined, regionId: next.regionId !== undefined ? next.regionId : regionId,
  }), { replace: true });
  const tasks = useLoad((signal) => api.get<{ items: VisitTask[] }>('/api/visit-tasks', { status, regionId: regionId ?? undefined }, signal), [status, regionId]);
  const all = tasks.data?.items ?? [];
  const items = all.filter((t) => kind === 'all' || t.kind === kind).sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const overdue = all.filter((t) => t.overdue).length;
  const mayRecord = can(me, 'visit.record');

  const kindTag = (t: VisitTask) => t.kind === 'timely'
    ? <Tag color="volcano" style={{ fontSize: 14 }}>{pick('及时访', 'Timely')}</Tag>
    : <Tag color="geekblue" style={{ fontSize: 14 }}>{pick('重点访', 'Priority')}</Tag>;
  const openEvent = (t: VisitTask) => setEvent({ household: { id: t.householdId, address: t.address, headName: t.headName } });

  const columns = [
    { title: pick('类型', 'Kind'), key: 'kind', width: 96, render: (_: unknown, t: VisitTask) => kindTag(t) },
    { title: pick('住户', 'Household'), key: 'address', width: 230, render: (_: unknown, t: VisitTask) => (
      <div><a onClick={() => navigate(`/households/${t.householdId}`)} style={{ fontSize: 16 }}>{t.address}</a>
        {t.headName && <div style={{ color: '#666', fontSize: 14 }}>{pick('户主：', 'Head: ')}{t.headName}</div>}</div>) },
    { title: pick('事由', 'Reason'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v || '—' },
    { title: pick('联户组', 'Group'), dataIndex: 'groupName', key: 'group', width: 140, render: (v: string | null) => v ?? <Tag color="red">{pick('未分组', 'No group')}</Tag> },
    { title: pick('应访日期', 'Due'), dataIndex: 'dueOn', key: 'due', width: 200, render: (_: unknown, t: VisitTask) => <DueTag dueOn={t.dueOn} overdue={t.overdue} /> },
    ...(mayRecord ? [{ title: pick('操作', 'Action'), key: 'act', width: 130, render: (_: unknown, t: VisitTask) => <Button onClick={() => openEvent(t)}>{pick('登记事件', 'Record event')}</Button> }] : []),
  ];

  return (
    <>
      <PageHeader title={pick('走访任务', 'Visit tasks')}
        sub={tasks.data ? (status === 'overdue'
          ? pick(`逾期未访 ${all.length} 户次`, `${all.length} overdue`)
          : pick(`待访 ${all.length} 户次，其中逾期 ${overdue}`, `${all.length} due, ${overdue} overdue`)) : pick('重点访与及时访', 'Priority and timely visits')}
        extra={mayRecord ? <Button type="primary" size="large" icon={<AlertOutlined />} onClick={() => setEvent({ household: null })}>{pick('登记住户事件', 'Record an event')}</Button> : null} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: phone ? 12 : 16 } }}>
        <Space wrap size={[12, 12]}>
          <Segmented<Status> size="large" value={status} onChange={(v) => set({ status: v })} data-testid="tasks-status"
            options={[{ value: 'overdue', label: pick('逾期未访', 'Overdue') }, { value: 'open', label: pick('全部待访', 'All due') }]} />
          <Segmented<Kind> size="large" value={kind} onChange={setKind}
            options={[{ value: 'all', label: pick('全部', 'All') }, { value: 'priority', label: pick('重点访', 'Priority') }, { value: 'timely', label: pick('及时访', 'Timely') }]} />
          <RegionPicker value={regionId} onChange={(v) => set({ regionId: v })} style={{ width: phone ? 'calc(100vw - 50px)' : 240 }} />
          <Button icon={<ReloadOutlined />} onClick={tasks.reload}>{pick('刷新', 'Reload')}</Button>
        </Space>
      </Card>
      <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
      {phone ? (
        <List loading={tasks.loading} dataSource={items} locale={{ emptyText: <Empty description={status === 'overdue' ? pick('没有逾期未访的住户', 'Nothing overdue') : pick('没有待访任务', 'Nothing due')} /> }}
          renderItem={(t) => (
            <Card key={t.key} style={{ marginBottom: 12, borderColor: t.overdue ? '#ffa39e' : undefined }} styles={{ body: { padding: 14 } }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>{kindTag(t)}<DueTag dueOn={t.dueOn} overdue={t.overdue} /></div>
              <div style={{ fontSize: 18, fontWeight: 600, margin: '8px 0 4px' }}>{t.address}</div>
              <div style={{ color: '#555' }}>{[t.headName && pick(`户主 ${t.headName}`, `Head ${t.headName}`), t.groupName ?? pick('未分组', 'No group')].filter(Boolean).join(' · ')}</div>
              {t.reason && <div style={{ marginTop: 4 }}>{t.reason}</div>}
              {mayRecord && <Button block style={{ marginTop: 10 }} onClick={() => openEvent(t)}>{pick('登记事件', 'Record event')}</Button>}
            </Card>
          )} />
      ) : (
        <Table<VisitTask> rowKey="key" size="middle" columns={columns} dataSource={items} loading={tasks.loading} data-testid="tasks-table"
          pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 980 }}
          onRow={(t) => ({ style: t.overdue ? { background: '#fff1f0' } : undefined })}
          locale={{ emptyText: <Empty description={status === 'overdue' ? pick('没有逾期未访的住户', 'Nothing overdue') : pick('没有待访任务', 'Nothing due')} /> }} />
      )}
      <EventModal open={!!event} household={event?.household ?? null} onClose={() => setEvent(null)} onSaved={() => { setEvent(null); tasks.reload(); }} />
    </>
  );
}

interface EventValues { householdId: number | null; kind: EventKind; occurredOn: Dayjs | null; note: string }

function EventModal({ open, household, onClose, onSaved }: {
  open: boolean; household: { id: number; address: string; headName: string | null } | null; onClose: () => void; onSaved: () => void;
}) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EventValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setGeneral(null);
    form.resetFields();
    form.setFieldsValue({ householdId: household?.id ?? null, kind: 'illness', occurredOn: dayjs(today()), note: '' });
  }, [open, household?.id]);

  const save = async () => {
    let v: EventValues;
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true); setGeneral(null);
    try {
      const r = await api.post<{ task: { id: number; dueOn: string } | null }>(`/api/households/${v.householdId}/events`, {
        kind: v.kind, occurredOn: v.occurredOn!.format('YYYY-MM-DD'), note: v.note.trim() || undefined,
      });
      message.success(r.task ? pick(`已登记，及时访须在 ${dayText(r.task.dueOn, 'zh')} 前完成`, `Recorded; the timely visit is due by ${r.task.dueOn}`) : pick('已登记', 'Recorded'));
      onSaved();
    } catch (e) {
      const err = asError(e);
      const rest = showFieldErrors(form, err, lang);
      setGeneral([err.text(lang), ...rest].join('；'));
    } finally { setSaving(false); }
  };

  return (
    <Modal open={open} onCancel={onClose} onOk={save} confirmLoading={saving} width={560} destroyOnHidden
      title={pick('登记住户事件', 'Record an event on a household')} okText={pick('登记', 'Record')} cancelText={pick('取消', 'Cancel')}>
      <Typography.Paragraph type="secondary">{pick('登记后自动生成及时访任务，由该户的联户组在期限内走访。', 'A timely-visit task opens for the household’s liaison group.')}</Typography.Paragraph>
      {general && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={general} />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="householdId" label={pick('住户', 'Household')} rules={[{ required: true, message: pick('请选择住户', 'Choose the household') }]}>
          <HouseholdSelect style={{ width: '100%' }} initial={household} />
        </Form.Item>
        <Form.Item name="kind" label={pick('事件', 'Event')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
            options={EVENT_KINDS.map((k) => ({ value: k, label: pick(EVENT_KIND_ZH[k], EVENT_KIND_EN[k]) }))} />
        </Form.Item>
        <Form.Item name="occurredOn" label={pick('发生日期', 'When')} rules={[{ required: true, message: pick('请选择日期', 'Choose the date') }]}>
          <DatePicker style={{ width: 220 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today()} placeholder={pick('选择日期', 'Date')} />
        </Form.Item>
        <Form.Item name="note" label={pick('情况说明', 'Note')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={pick('如：户主突发脑梗住院', 'e.g. the head of household is in hospital')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
