// 服务日 (直通日 the 5th, 阳光8号 the 8th …): the month's service days with how many cadres took
// part, and recording who did; and the liaison settings — how often a priority household is
// due a visit, how soon after each kind of event a timely visit is due, which days of the month
// are service days and how many days ahead cadres are reminded. Settings are edited by staff
// with liaison.manage; everyone else reads them.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Grid, Input, InputNumber, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader } from '../../components/ui.tsx';
import { useLoad } from '../../components/data.ts';
import { asError, CadreSelect, dayText, EVENT_KINDS, EVENT_KIND_EN, EVENT_KIND_ZH, today, type Occurrence, type ServiceDay, type Settings } from './shared.tsx';

export default function ServiceDays() {
  const { pick } = useI18n();
  const me = useMe();
  const manage = can(me, 'liaison.manage');
  const record = can(me, 'visit.record');
  const phone = !Grid.useBreakpoint().md;
  const [month, setMonth] = useState<Dayjs>(dayjs(today()));
  const m = month.format('YYYY-MM');
  const days = useLoad((signal) => api.get<{ items: Occurrence[] }>('/api/service-days', { month: m }, signal), [m]);
  const settings = useLoad((signal) => api.get<Settings>('/api/liaison/settings', undefined, signal), []);
  const [recording, setRecording] = useState<Occurrence | null>(null);
  const [editing, setEditing] = useState(false);
  const t = today();

  const whenTag = (d: Occurrence) => d.date === t ? <Tag color="red" style={{ fontSize: 14 }}>{pick('今天', 'Today')}</Tag>
    : d.date < t ? <Tag style={{ fontSize: 14 }}>{pick('已过', 'Past')}</Tag> : <Tag color="blue" style={{ fontSize: 14 }}>{pick('即将到来', 'Coming')}</Tag>;

  return (
    <>
      <PageHeader title={pick('服务日', 'Service days')} sub={pick('直通日、阳光8号等每月固定的服务日：提前提醒，事后登记参加人员', 'Monthly service days: reminders before, attendance after')} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: phone ? 8 : 16 } }}
        title={<span style={{ fontSize: 20 }}>{pick(`${month.year()}年${month.month() + 1}月`, month.format('MMMM YYYY'))}</span>}
        extra={<Space wrap>
          <Button icon={<LeftOutlined />} onClick={() => setMonth(month.subtract(1, 'month'))}>{pick('上月', 'Previous')}</Button>
          <DatePicker picker="month" allowClear={false} inputReadOnly value={month} onChange={(v) => v && setMonth(v)} style={{ width: 140 }} />
          <Button onClick={() => setMonth(month.add(1, 'month'))}>{pick('下月', 'Next')} <RightOutlined /></Button>
        </Space>}>
        <ErrorAlert error={days.error} onRetry={days.reload} />
        <Table<Occurrence> rowKey={(d) => `${d.code}-${d.date}`} size="middle" dataSource={days.data?.items ?? []} loading={days.loading}
          pagination={false} scroll={{ x: 'max-content' }} data-testid="service-days"
          locale={{ emptyText: <Empty description={pick('本月没有服务日', 'No service days this month')} /> }}
          columns={[
            { title: pick('日期', 'Date'), dataIndex: 'date', key: 'date', render: (v: string, d: Occurrence) => <Space><b>{dayText(v, 'zh', true)}</b>{whenTag(d)}</Space> },
            { title: pick('服务日', 'Service day'), dataIndex: 'name', key: 'name', render: (v: string) => <span style={{ fontSize: 17 }}>{v}</span> },
            { title: pick('参加人数', 'Attended'), dataIndex: 'attendance', key: 'attendance', align: 'right' as const, render: (v: number) => <b style={{ fontSize: 17 }}>{v}</b> },
            { title: pick('操作', 'Action'), key: 'act', render: (_: unknown, d: Occurrence) => (
              d.date > t ? <Typography.Text type="secondary">{pick('尚未举行', 'Not yet held')}</Typography.Text>
                : <Button icon={<TeamOutlined />} onClick={() => setRecording(d)}>{record ? pick('登记参加人员', 'Record attendance') : pick('查看参加人员', 'Who took part')}</Button>) },
          ]} />
      </Card>

      <Card title={<span style={{ fontSize: 20 }}>{pick('走访设置', 'Visit settings')}</span>} styles={{ body: { padding: phone ? 12 : 20 } }}
        extra={manage ? <Button icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!settings.data}>{pick('修改设置', 'Edit')}</Button> : null}>
        <ErrorAlert error={settings.error} onRetry={settings.reload} />
        {settings.data && <SettingsView s={settings.data} phone={phone} />}
        {!manage && <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{pick('只有具备联户管理权限的人员可以修改设置。', 'Only liaison managers can change the settings.')}</Typography.Paragraph>}
      </Card>

      <AttendanceModal occurrence={recording} record={record} onClose={() => setRecording(null)} onSaved={() => days.reload()} />
      {manage && settings.data && (
        <SettingsModal open={editing} current={settings.data} onClose={() => setEditing(false)}
          onSaved={(s) => { settings.setData(s); setEditing(false); days.reload(); }} />
      )}
    </>
  );
}

function SettingsView({ s, phone }: { s: Settings; phone: boolean }) {
  const { pick } = useI18n();
  return (
    <Descriptions column={phone ? 1 : 2} bordered size="middle" labelStyle={{ width: 180 }}>
      <Descriptions.Item label={pick('重点户走访间隔', 'Priority visit interval')} span={phone ? 1 : 2}>
        <b>{s.priorityIntervalDays}</b> {pick('天一次（五老、低保、困难、重病等重点户）', 'days (priority households)')}
      </Descriptions.Item>
      <Descriptions.Item label={pick('及时访期限', 'Timely visit within')} span={phone ? 1 : 2}>
        <Space wrap size={[16, 4]}>
          {EVENT_KINDS.map((k) => <span key={k}>{pick(EVENT_KIND_ZH[k], EVENT_KIND_EN[k])}：<b>{s.timelyDueDays[k]}</b> {pick('天', 'd')}</span>)}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={pick('每月服务日', 'Service days')} span={phone ? 1 : 2}>
        {s.serviceDays.length === 0 ? pick('未设置', 'None') : (
          <Space direction="vertical" size={4}>
            {s.serviceDays.map((d) => <span key={d.code}><b>{d.name}</b>：{pick(`每月 ${d.dayOfMonth} 日，提前 ${d.remindDaysBefore} 天提醒`, `day ${d.dayOfMonth} of each month, reminder ${d.remindDaysBefore} d before`)}</span>)}
          </Space>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 'serviceDays.0.name' → ['serviceDays', 0, 'name'], as antd names list fields. */
const fieldPath = (f: string) => f.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function SettingsModal({ open, current, onClose, onSaved }: { open: boolean; current: Settings; onClose: () => void; onSaved: (s: Settings) => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue(current); setGeneral(null); } }, [open]);

  const save = async () => {
    let v: Settings;
    try { v = await form.validateFields(); } catch { return; }
    // A new service day gets a code from its day of the month, unique among the others.
    const taken = new Set(v.serviceDays.map((d) => d.code).filter(Boolean));
    const serviceDays = v.serviceDays.map((d) => {
      if (d.code) return { ...d, name: d.name.trim() };
      let code = `day-${d.dayOfMonth}`;
      for (let i = 2; taken.has(code); i++) code = `day-${d.dayOfMonth}-${i}`;
      taken.add(code);
      return { ...d, code, name: d.name.trim() };
    });
    setSaving(true); setGeneral(null);
    try {
      const saved = await api.put<Settings>('/api/liaison/settings', { ...v, serviceDays });
      message.success(pick('设置已保存', 'Settings saved'));
      onSaved(saved && typeof saved === 'object' && 'serviceDays' in saved ? saved : { ...v, serviceDays });
    } catch (e) {
      const err = asError(e);
      const rest: string[] = [];
      const fields: { name: (string | number)[]; errors: string[] }[] = [];
      for (const d of err.details) {
        const reason = lang === 'en' ? d.reason_en || d.reason : d.reason;
        const path = fieldPath(d.field);
        // Errors on a field the form shows go under it; the rest (a whole list, say) go on top.
        const shown = path[0] === 'priorityIntervalDays' || (path[0] === 'timelyDueDays' && path.length === 2) || (path[0] === 'serviceDays' && path.length === 3 && path[2] !== 'code');
        if (shown) fields.push({ name: path, errors: [reason] });
        else rest.push(reason);
      }
      form.setFields(fields as never);
      setGeneral([err.text(lang), ...rest].join('；'));
    } finally { setSaving(false); }
  };

  return (
    <Modal open={open} onCancel={onClose} onOk={save} confirmLoading={saving} width={680} destroyOnHidden
      title={pick('修改走访设置', 'Edit visit settings')} okText={pick('保存', 'Save')} cancelText={pick('取消', 'Cancel')}>
      {general && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={general} />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="priorityIntervalDays" label={pick('重点户走访间隔', 'Priority visit interval')} rules={[{ required: true, message: pick('请填写天数', 'Enter the days') }]}>
          <InputNumber min={1} max={366} precision={0} addonAfter={pick('天', 'days')} style={{ width: 200 }} />
        </Form.Item>
        <Typography.Text strong>{pick('及时访期限（事件发生后几天内走访）', 'Timely visit within (days after the event)')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          {EVENT_KINDS.map((k) => (
            <Col key={k} xs={12} sm={8}>
              <Form.Item name={['timelyDueDays', k]} label={pick(EVENT_KIND_ZH[k], EVENT_KIND_EN[k])} rules={[{ required: true, message: pick('必填', 'Required') }]}>
                <InputNumber min={0} max={60} precision={0} addonAfter={pick('天', 'd')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Text strong>{pick('每月服务日', 'Service days')}</Typography.Text>
        <Form.List name="serviceDays">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: '12px 12px 0' } }}>
                  <Form.Item name={[f.name, 'code']} hidden><Input /></Form.Item>
                  <Row gutter={8} align="bottom">
                    <Col xs={24} sm={9}>
                      <Form.Item name={[f.name, 'name']} label={pick('名称', 'Name')} rules={[{ required: true, whitespace: true, message: pick('请填写名称', 'Enter a name') }]}>
                        <Input maxLength={30} placeholder={pick('如：直通日', 'e.g. contact day')} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} sm={6}>
                      <Form.Item name={[f.name, 'dayOfMonth']} label={pick('每月几日', 'Day of month')} rules={[{ required: true, message: pick('必填', 'Required') }]}>
                        <InputNumber min={1} max={31} precision={0} addonAfter={pick('日', '')} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} sm={7}>
                      <Form.Item name={[f.name, 'remindDaysBefore']} label={pick('提前提醒', 'Remind before')} rules={[{ required: true, message: pick('必填', 'Required') }]}>
                        <InputNumber min={0} max={14} precision={0} addonAfter={pick('天', 'd')} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} sm={2}>
                      <Form.Item>
                        <Button danger type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={pick('删除', 'Remove')} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button block icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', dayOfMonth: 5, remindDaysBefore: 1 } satisfies ServiceDay)}>{pick('添加服务日', 'Add a service day')}</Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

interface Attendance { code: string; date: string; cadres: { id: number; name: string }[] }

function AttendanceModal({ occurrence, record, onClose, onSaved }: { occurrence: Occurrence | null; record: boolean; onClose: () => void; onSaved: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [cadreIds, setCadreIds] = useState<number[]>([]);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = occurrence ? `/api/service-days/${encodeURIComponent(occurrence.code)}/${occurrence.date}/attendance` : null;
  const list = useLoad((signal) => (path ? api.get<Attendance>(path, undefined, signal) : Promise.resolve(undefined)), [path]);
  useEffect(() => { setCadreIds([]); setNote(''); setError(null); }, [path]);

  const save = async () => {
    if (!path) return;
    if (!cadreIds.length) { setError(pick('请选择参加的干部', 'Choose who took part')); return; }
    setSaving(true); setError(null);
    try {
      const r = await api.post<Attendance>(path, { cadreIds, note: note.trim() || undefined });
      message.success(pick(`已登记，共 ${r.cadres.length} 人参加`, `Recorded; ${r.cadres.length} took part`));
      setCadreIds([]); setNote('');
      list.setData(r);
      onSaved();
    } catch (e) {
      const err = asError(e);
      setError([err.text(lang), ...err.details.map((d) => (lang === 'en' ? d.reason_en || d.reason : d.reason))].join('：'));
    } finally { setSaving(false); }
  };

  const attended = list.data?.cadres ?? [];
  return (
    <Modal open={!!occurrence} onCancel={onClose} width={560} destroyOnHidden
      title={occurrence ? `${occurrence.name} · ${dayText(occurrence.date, lang, true)}` : ''}
      footer={[<Button key="close" onClick={onClose}>{pick('关闭', 'Close')}</Button>,
        ...(record ? [<Button key="save" type="primary" loading={saving} onClick={save}>{pick('登记', 'Record')}</Button>] : [])]}>
      <Typography.Text strong>{pick(`已登记参加（${attended.length} 人）`, `Recorded (${attended.length})`)}</Typography.Text>
      <div style={{ margin: '8px 0 16px', minHeight: 32 }} data-testid="attendance-list">
        {list.loading && !list.data ? null : attended.length === 0 ? <Typography.Text type="secondary">{pick('还没有人登记', 'Nobody yet')}</Typography.Text>
          : <Space size={[6, 6]} wrap>{attended.map((c) => <Tag key={c.id} style={{ fontSize: 15, padding: '2px 10px', margin: 0 }}>{c.name}</Tag>)}</Space>}
      </div>
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={error} />}
      {record && <Form layout="vertical">
        <Form.Item label={pick('添加参加的干部', 'Add cadres who took part')}>
          <CadreSelect multiple value={cadreIds} onChange={setCadreIds} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={pick('备注（可选）', 'Note (optional)')}>
          <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>}
    </Modal>
  );
}
