// A household's place in the liaison network, shown in its drawer: the group that answers for it
// (names and phones), its party member and 一对一对一 cadre, its recent visits, and its events
// (重病, 受灾 …) with the timely-visit task each opened — and recording a new event.
import { useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { useLoad } from '../../components/data.ts';
import { ErrorAlert, showFieldErrors } from '../../components/ui.tsx';
import { EVENT_KINDS, EVENT_KIND_EN, EVENT_KIND_ZH, VISIT_KIND_EN, today, type EventKind, type VisitKind } from './shared.tsx';

interface Links {
  group: { id: number; name: string; cadres: { id: number; name: string; phone: string | null; partyMember: boolean }[] } | null;
  items: { shape: 'party_member' | 'triad'; member: { id: number; name: string } | null; cadre: { id: number; name: string; phone: string | null } | null }[];
}
interface Visit { id: number; visitedOn: string; kind: VisitKind; kindLabel: string; notes: string | null; cadres: { id: number; name: string }[] }
interface HouseholdEvent { id: number; kind: EventKind; kindLabel: string; occurredOn: string; note: string | null; task: { id: number; dueOn: string; status: string } | null }

export default function HouseholdLiaison({ householdId }: { householdId: number }) {
  const { pick, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const links = useLoad((signal) => api.get<Links>(`/api/households/${householdId}/links`, undefined, signal), [householdId]);
  const visits = useLoad((signal) => api.get<{ items: Visit[] }>(`/api/households/${householdId}/visits`, undefined, signal), [householdId]);
  const events = useLoad((signal) => api.get<{ items: HouseholdEvent[] }>(`/api/households/${householdId}/events`, undefined, signal), [householdId]);
  const g = links.data?.group;

  const save = async () => {
    let v;
    try { v = await form.validateFields(); } catch { return; }   // the form shows what is missing
    try {
      const r = await api.post<{ task: { dueOn: string } }>(`/api/households/${householdId}/events`, { kind: v.kind, occurredOn: v.occurredOn.format('YYYY-MM-DD'), note: v.note || null });
      message.success(pick(`已登记，及时访须在 ${r.task.dueOn} 前完成`, `Recorded; the timely visit is due by ${r.task.dueOn}`));
      setAdding(false);
      form.resetFields();
      events.reload();
    } catch (e) {
      const rest = showFieldErrors(form, e, lang);
      if (rest.length) message.error(rest.join('；'));
    }
  };

  return (
    <div data-testid="household-liaison">
      <Typography.Title level={4} style={{ marginTop: 24 }}>{pick('联户组', 'Liaison group')}</Typography.Title>
      <ErrorAlert error={links.error} onRetry={links.reload} />
      {g ? (
        <List size="small" bordered header={<strong>{g.name}</strong>} dataSource={g.cadres} renderItem={(c) => (
          <List.Item>
            <Space>{c.name}{c.partyMember ? <Tag color="red">{pick('党员', 'Party')}</Tag> : null}</Space>
            {c.phone ? <a href={`tel:${c.phone}`}><PhoneOutlined /> {c.phone}</a> : null}
          </List.Item>
        )} />
      ) : links.data ? <Typography.Text type="warning">{pick('尚未分配联户组', 'No liaison group yet')}</Typography.Text> : null}
      {links.data?.items.map((l) => (
        <div key={l.shape} style={{ marginTop: 8 }}>
          <Tag color={l.shape === 'triad' ? 'volcano' : 'gold'}>{l.shape === 'triad' ? pick('一对一对一', 'Cadre–member pair') : pick('联系党员', 'Party member')}</Tag>
          {l.member?.name ?? '—'}{l.cadre ? <> · {pick('结对干部', 'cadre')} {l.cadre.name} {l.cadre.phone ? <a href={`tel:${l.cadre.phone}`}>{l.cadre.phone}</a> : null}</> : null}
        </div>
      ))}

      <Typography.Title level={4} style={{ marginTop: 24 }}>{pick('最近走访', 'Recent visits')}</Typography.Title>
      <ErrorAlert error={visits.error} onRetry={visits.reload} />
      {visits.data && !visits.data.items.length ? <Empty description={pick('还没有走访记录', 'No visits yet')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      {visits.data?.items.length ? <List size="small" dataSource={visits.data.items.slice(0, 5)} renderItem={(v) => (
        <List.Item>
          <List.Item.Meta
            title={<Space>{v.visitedOn}<Tag>{lang === 'zh' ? v.kindLabel : VISIT_KIND_EN[v.kind]}</Tag>{v.cadres.map((c) => c.name).join('、')}</Space>}
            description={v.notes ?? undefined} />
        </List.Item>
      )} /> : null}

      <Space style={{ marginTop: 24, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{pick('家庭变故', 'Household events')}</Typography.Title>
        {can(me, 'visit.record') ? <Button icon={<PlusOutlined />} onClick={() => { form.setFieldsValue({ kind: 'illness', occurredOn: dayjs(today()) }); setAdding(true); }}>{pick('登记变故', 'Record an event')}</Button> : null}
      </Space>
      <ErrorAlert error={events.error} onRetry={events.reload} />
      <List size="small" dataSource={events.data?.items ?? []} locale={{ emptyText: pick('无', 'None') }} renderItem={(e) => (
        <List.Item>
          <List.Item.Meta title={<Space>{e.occurredOn}<Tag color="volcano">{lang === 'zh' ? e.kindLabel : EVENT_KIND_EN[e.kind]}</Tag></Space>} description={e.note ?? undefined} />
          {e.task ? (e.task.status === 'done'
            ? <Tag color="green">{pick('已及时走访', 'Visited')}</Tag>
            : <Tag color={e.task.dueOn < today() ? 'red' : 'orange'}>{pick(`及时访 ${e.task.dueOn} 前`, `Visit by ${e.task.dueOn}`)}</Tag>) : null}
        </List.Item>
      )} />

      <Modal open={adding} title={pick('登记家庭变故', 'Record a household event')} onCancel={() => setAdding(false)} onOk={save} okText={pick('登记', 'Record')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label={pick('变故类型', 'Kind')} rules={[{ required: true }]}>
            <Select options={EVENT_KINDS.map((k) => ({ value: k, label: lang === 'zh' ? EVENT_KIND_ZH[k] : EVENT_KIND_EN[k] }))} />
          </Form.Item>
          <Form.Item name="occurredOn" label={pick('发生日期', 'Date')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(today()), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={pick('情况说明', 'Note')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
