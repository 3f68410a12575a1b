// 消息推送（短信、企业微信等）: the addresses the platform POSTs request events to, so a district
// can plug in its SMS gateway or a WeCom (企业微信) bot. The administrator (webhook.manage) adds
// and edits them; the signing secret comes back once, at creation, and is shown once. Each
// webhook's recent deliveries can be opened in a drawer and a failed one pushed again. Edits send
// the version they read, so a change someone else saved in between comes back as 409.
import { useEffect, useRef, useState } from 'react';
import {
  Alert, App, Button, Card, Drawer, Empty, Form, Grid, Input, List, Modal, Segmented, Select, Space, Switch, Table, Tag,
  Typography, type FormInstance, type TableColumnsType,
} from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader, showFieldErrors } from '../components/ui.tsx';
import { useLoad } from '../components/data.ts';
import { SecretOnceModal } from '../components/SecretOnce.tsx';

type DeliveryStatus = 'pending' | 'delivered' | 'failed';
interface Webhook {
  id: number; name: string; url: string; events: string[]; active: boolean; version: number;
  deliveries?: Partial<Record<DeliveryStatus, number>>;
}
interface Created extends Webhook { secret: string }
interface Delivery {
  id: number; event: string; status: DeliveryStatus; attempts: number; nextAttemptAt: string | null;
  lastError: string | null; deliveredAt: string | null; createdAt: string;
}

type PickFn = (zh: string, en: string) => string;
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e)));
const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === 'CONFLICT';
const RED = '#b8262b';
const MONO = 'ui-monospace, Menlo, Consolas, monospace';
/** The server gives up after this many attempts (delivery.ts MAX_ATTEMPTS). */
const MAX_ATTEMPTS = 10;

/** Every event the platform emits, in the order a request lives through them. */
const EVENTS: { value: string; zh: string; en: string }[] = [
  { value: 'request.received', zh: '受理登记', en: 'Received' },
  { value: 'request.dispatch', zh: '派单', en: 'Dispatched' },
  { value: 'request.dispatch_joint', zh: '联合派单', en: 'Joint dispatch' },
  { value: 'request.escalate', zh: '上报区级', en: 'Escalated to the district' },
  { value: 'request.accept', zh: '接单', en: 'Accepted' },
  { value: 'request.return', zh: '退单', en: 'Returned' },
  { value: 'request.reply', zh: '答复', en: 'Replied' },
  { value: 'request.constrain', zh: '疑难受限', en: 'Constrained' },
  { value: 'request.resolve', zh: '办结', en: 'Resolved' },
  { value: 'request.follow_up', zh: '回访', en: 'Followed up' },
  { value: 'request.supervised', zh: '督办', en: 'Supervised' },
  { value: 'request.children_resolved', zh: '子工单全部办结', en: 'All sub-orders resolved' },
  { value: 'request.overdue', zh: '已超期', en: 'Overdue' },
  { value: 'request.due_soon', zh: '即将到期', en: 'Due soon' },
];
const FAMILY = 'request.*';
/** Stands for the empty list (= every event) inside the select only; never sent. */
const ALL = '__all__';

function eventLabel(e: string, pick: PickFn): string {
  if (e === FAMILY) return pick('全部诉求事件', 'All request events');
  const hit = EVENTS.find((x) => x.value === e);
  return hit ? pick(hit.zh, hit.en) : e;
}

function useWhen() {
  const { lang } = useI18n();
  return (iso: string | null | undefined) => (iso
    ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : '—');
}

export default function WebhookAdmin() {
  const { pick } = useI18n();
  const me = useMe();
  const admin = can(me, 'webhook.manage');
  const title = pick('消息推送（短信、企业微信等）', 'Message push (SMS, WeCom, …)');

  if (!admin) {
    return (
      <>
        <PageHeader title={title} />
        <Alert type="info" showIcon style={{ fontSize: 16 }}
          message={pick('只有系统管理员可以管理消息推送。', 'Only the system administrator manages message push.')}
          description={pick('如需接入短信平台或企业微信机器人，请联系系统管理员。', 'To connect an SMS gateway or a WeCom bot, contact the system administrator.')} />
      </>
    );
  }
  return <WebhookManager title={title} />;
}

function Explanation() {
  const { pick } = useI18n();
  return (
    <Alert type="info" showIcon style={{ marginBottom: 16, fontSize: 16 }}
      message={pick('什么是消息推送', 'What message push is for')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {pick(
              '诉求有新动态（派单、退单、答复、即将到期、超期等）时，平台会把事件以 JSON 用 POST 发送到这里登记的网址。区里可以接入自己的短信平台或企业微信群机器人，把消息转给承办人和领导。发送失败会自动重试，最多 10 次。',
              'When a request moves on (dispatched, returned, replied, due soon, overdue …) the platform POSTs the event as JSON to the addresses registered here. A district can plug in its SMS gateway or a WeCom group bot to pass the news on to handlers and leaders. Failed sends are retried automatically, up to 10 times.',
            )}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {pick('接收方校验签名：', 'The receiver checks the signature: ')}
            <Typography.Text code style={{ fontFamily: MONO, wordBreak: 'break-all' }}>
              {'x-lianxin-signature = "sha256=" + HMAC-SHA256(secret, `${x-lianxin-timestamp}.${body}`)'}
            </Typography.Text>
            {pick('（十六进制；body 为原始请求体）', ' (hex; body is the raw request body)')}
          </Typography.Paragraph>
        </>
      } />
  );
}

function WebhookManager({ title }: { title: string }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const hooks = useLoad((signal) => api.get<Webhook[]>('/api/webhooks', undefined, signal), []);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [round, setRound] = useState(0);
  const [created, setCreated] = useState<Created | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);
  const [conflict, setConflict] = useState(false);
  const list = hooks.data ?? [];

  const refresh = () => { setConflict(false); hooks.reload(); };
  /** Keeps the delivery counts, which PATCH does not return. */
  const replace = (saved: Webhook) => hooks.setData((rows) => rows?.map((x) => (x.id === saved.id ? { ...x, ...saved } : x)));

  const toggle = async (w: Webhook, active: boolean) => {
    setToggling(w.id);
    try {
      replace(await api.patch<Webhook>(`/api/webhooks/${w.id}`, { version: w.version, active }));
      message.success(active ? pick(`已启用“${w.name}”`, `“${w.name}” enabled`) : pick(`已停用“${w.name}”`, `“${w.name}” disabled`));
    } catch (e) {
      if (isConflict(e)) setConflict(true);
      else message.error(asError(e).text(lang));
    } finally { setToggling(null); }
  };

  /** After a 409 in the edit form: read the list again and start the form from what is saved now. */
  const reloadEditing = async () => {
    if (!editing || editing === 'new') return;
    try {
      const rows = await api.get<Webhook[]>('/api/webhooks');
      hooks.setData(rows);
      const fresh = rows.find((x) => x.id === editing.id);
      if (!fresh) { message.error(pick('该推送地址已不存在', 'This webhook no longer exists')); setEditing(null); return; }
      setEditing(fresh);
      setRound((n) => n + 1);
    } catch (e) { message.error(asError(e).text(lang)); }
  };

  const activeCell = (w: Webhook) => (
    <span onClick={(e) => e.stopPropagation()}>
      <Switch checked={w.active} loading={toggling === w.id} onChange={(v) => void toggle(w, v)}
        checkedChildren={pick('启用', 'On')} unCheckedChildren={pick('停用', 'Off')} aria-label={pick('启用', 'Active')} />
    </span>
  );
  const counts = (w: Webhook) => <DeliveryCounts counts={w.deliveries} />;
  const events = (w: Webhook) => <EventTags events={w.events} />;
  const actions = (w: Webhook) => (
    <Space wrap onClick={(e) => e.stopPropagation()}>
      <Button icon={<EditOutlined />} onClick={() => setEditing(w)}>{pick('编辑', 'Edit')}</Button>
      <Button icon={<HistoryOutlined />} onClick={() => setViewing(w)}>{pick('推送记录', 'Deliveries')}</Button>
    </Space>
  );

  const columns: TableColumnsType<Webhook> = [
    { title: pick('名称', 'Name'), dataIndex: 'name', key: 'name',
      render: (_: unknown, w: Webhook) => (
        <div style={{ minWidth: 160, maxWidth: 360 }}>
          <b style={{ color: w.active ? undefined : '#999' }}>{w.name}</b>
          <div><Typography.Text type="secondary" style={{ fontSize: 14, fontFamily: MONO }} ellipsis={{ tooltip: w.url }}>{w.url}</Typography.Text></div>
        </div>
      ) },
    { title: pick('推送事件', 'Events'), dataIndex: 'events', key: 'events', render: (_: unknown, w: Webhook) => <div style={{ maxWidth: 360 }}>{events(w)}</div> },
    { title: pick('推送情况', 'Deliveries'), key: 'deliveries', render: (_: unknown, w: Webhook) => counts(w) },
    { title: pick('启用', 'Active'), dataIndex: 'active', key: 'active', width: 100, render: (_: unknown, w: Webhook) => activeCell(w) },
    { title: pick('操作', 'Action'), key: 'act', width: 240, render: (_: unknown, w: Webhook) => actions(w) },
  ];

  const empty = <Empty description={pick('还没有推送地址', 'No webhooks yet')} />;

  return (
    <>
      <PageHeader title={title}
        sub={pick('把诉求动态推送到短信平台、企业微信机器人等外部系统。', 'Send request events on to SMS gateways, WeCom bots and other systems.')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{pick('新增推送', 'Add webhook')}</Button>} />
      <Explanation />
      {conflict && (
        <Alert type="warning" showIcon style={{ marginBottom: 16, fontSize: 16 }} role="alert"
          message={pick('已被他人修改，请刷新后重试', 'Someone else changed this; reload and try again')}
          action={<Button icon={<ReloadOutlined />} onClick={refresh}>{pick('刷新', 'Reload')}</Button>} />
      )}
      <ErrorAlert error={hooks.error} onRetry={hooks.reload} />
      {phone ? (
        <List loading={hooks.loading} dataSource={list} locale={{ emptyText: empty }}
          renderItem={(w) => (
            <Card key={w.id} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }} hoverable onClick={() => setViewing(w)}>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
                <div style={{ minWidth: 0 }}>
                  <div style={{ fontSize: 18, fontWeight: 600, color: w.active ? undefined : '#999' }}>{w.name}</div>
                  <div style={{ fontSize: 14, color: '#666', fontFamily: MONO, wordBreak: 'break-all' }}>{w.url}</div>
                </div>
                {activeCell(w)}
              </div>
              <div style={{ marginTop: 8 }}>{events(w)}</div>
              <div style={{ marginTop: 8 }}>{counts(w)}</div>
              <div style={{ marginTop: 10, textAlign: 'right' }}>{actions(w)}</div>
            </Card>
          )} />
      ) : (
        <Table<Webhook> rowKey="id" columns={columns} dataSource={list} loading={hooks.loading} size="middle"
          pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: empty }} scroll={{ x: 'max-content' }}
          onRow={(w) => ({ onClick: () => setViewing(w), style: { cursor: 'pointer' } })} />
      )}

      <Modal open={editing !== null} onCancel={() => setEditing(null)} footer={null} destroyOnHidden width={phone ? '100%' : 600}
        title={editing && editing !== 'new' ? pick(`编辑推送：${editing.name}`, `Edit webhook: ${editing.name}`) : pick('新增推送地址', 'Add a webhook')}>
        {editing !== null && (
          <WebhookForm key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}-${round}`} webhook={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)} onReload={reloadEditing}
            onSaved={(w, isNew) => {
              setEditing(null);
              if (isNew) {
                hooks.setData((rows) => [...(rows ?? []), { ...w, deliveries: {} }]);
                setCreated(w as Created);
              } else {
                replace(w);
                message.success(pick(`已保存“${w.name}”`, `“${w.name}” saved`));
              }
            }} />
        )}
      </Modal>

      <SecretModal created={created} onClose={() => { setCreated(null); hooks.reload(); }} />

      <DeliveriesDrawer webhook={viewing} phone={phone} onClose={() => setViewing(null)} onChanged={hooks.reload} />
    </>
  );
}

function EventTags({ events }: { events: string[] }) {
  const { pick } = useI18n();
  if (!events.length) return <Tag color="blue" style={{ fontSize: 14 }}>{pick('全部事件', 'All events')}</Tag>;
  return <>{events.map((e) => <Tag key={e} style={{ fontSize: 14, marginBlock: 2 }} title={e}>{eventLabel(e, pick)}</Tag>)}</>;
}

function DeliveryCounts({ counts }: { counts: Webhook['deliveries'] }) {
  const { pick } = useI18n();
  const c = counts ?? {};
  if (!c.pending && !c.delivered && !c.failed) return <Typography.Text type="secondary">{pick('暂无推送', 'Nothing sent yet')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Tag color="green" style={{ fontSize: 14 }}>{pick('已送达', 'Delivered')} {c.delivered ?? 0}</Tag>
      {!!c.pending && <Tag color="processing" style={{ fontSize: 14 }}>{pick('待推送', 'Pending')} {c.pending}</Tag>}
      {!!c.failed && <Tag color="red" style={{ fontSize: 14 }}>{pick('失败', 'Failed')} {c.failed}</Tag>}
    </Space>
  );
}

// ---------------------------------------------------------------- add / edit

interface WebhookValues { name: string; url: string; events: string[] }

/** Server details name 'events.3' for the fourth event; the form has one field for them all. */
function forForm(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  const details = e.details.map((d) => (/^events\.\d+$/.test(d.field) ? { ...d, field: 'events' } : d));
  return new ApiError(e.status, e.code, e.message, e.messageEn, details, e.body);
}

function WebhookForm({ webhook, onCancel, onSaved, onReload }: {
  webhook: Webhook | null; onCancel: () => void; onSaved: (w: Webhook, created: boolean) => void; onReload: () => void;
}) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm<WebhookValues>();
  const [problem, setProblem] = useState<{ text: string; conflict: boolean; rest: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => { if (problem) top.current?.scrollIntoView({ block: 'nearest' }); }, [problem]);
  const initial: WebhookValues = webhook
    ? { name: webhook.name, url: webhook.url, events: webhook.events }
    : { name: '', url: '', events: [] };

  const save = async (v: WebhookValues) => {
    const body = { name: v.name.trim(), url: v.url.trim(), events: v.events ?? [] };
    setBusy(true);
    setProblem(null);
    try {
      if (webhook) {
        const changed: Record<string, unknown> = {};
        if (body.name !== webhook.name) changed.name = body.name;
        if (body.url !== webhook.url) changed.url = body.url;
        if (JSON.stringify(body.events) !== JSON.stringify(webhook.events)) changed.events = body.events;
        if (Object.keys(changed).length === 0) { onCancel(); return; }
        onSaved(await api.patch<Webhook>(`/api/webhooks/${webhook.id}`, { version: webhook.version, ...changed }), false);
      } else {
        onSaved(await api.post<Created>('/api/webhooks', body), true);
      }
    } catch (e) {
      if (isConflict(e)) {
        setProblem({ text: pick('已被他人修改，请刷新后重试', 'Someone else changed this; reload and try again'), conflict: true, rest: [] });
      } else {
        const err = asError(forForm(e));
        let rest = showFieldErrors(form as FormInstance, err, lang);
        if (err.code === 'DUPLICATE') {
          form.setFields([{ name: 'name', errors: [pick('已有同名的推送地址', 'A webhook with this name already exists')] }]);
          rest = [];
        }
        setProblem({ text: err.text(lang), conflict: false, rest });
      }
    } finally { setBusy(false); }
  };

  return (
    <Form<WebhookValues> form={form} layout="vertical" size="large" initialValues={initial} onFinish={save} scrollToFirstError requiredMark>
      <div ref={top}>
        {problem && (
          <Alert type={problem.conflict ? 'warning' : 'error'} showIcon role="alert" style={{ marginBottom: 16 }} message={problem.text}
            description={problem.rest.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{problem.rest.map((r) => <li key={r}>{r}</li>)}</ul> : undefined}
            action={problem.conflict ? <Button icon={<ReloadOutlined />} onClick={onReload}>{pick('刷新', 'Reload')}</Button> : undefined} />
        )}
      </div>
      <Form.Item name="name" label={pick('名称', 'Name')}
        rules={[{ required: true, whitespace: true, message: pick('必填', 'Required') }, { max: 60, message: pick('最多 60 个字', 'At most 60 characters') }]}>
        <Input maxLength={60} placeholder={pick('如：区短信平台、信访办企业微信群', 'e.g. District SMS gateway, petition office WeCom group')} />
      </Form.Item>
      <Form.Item name="url" label={pick('推送网址', 'URL')}
        extra={pick('平台向此网址发送 POST 请求（JSON），仅支持 http(s)。', 'The platform POSTs JSON to this address; http(s) only.')}
        rules={[
          { required: true, whitespace: true, message: pick('必填', 'Required') },
          { pattern: /^https?:\/\/\S+$/i, message: pick('请填写以 http:// 或 https:// 开头的完整网址', 'Enter a full address starting with http:// or https://') },
        ]}>
        <Input inputMode="url" autoCapitalize="off" autoCorrect="off" spellCheck={false} style={{ fontFamily: MONO }}
          placeholder="https://sms.example.gov.cn/lianxin" />
      </Form.Item>
      <Form.Item name="events" label={pick('推送事件', 'Events')}
        extra={pick('选“全部事件”则今后新增的事件也会推送。', '“All events” also includes events added in future.')}>
        <EventSelect />
      </Form.Item>
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={busy}>{pick('保存', 'Save')}</Button>
        <Button onClick={onCancel}>{pick('取消', 'Cancel')}</Button>
      </Space>
    </Form>
  );
}

/** The server's list of events; an empty list (every event) shows as the one choice “全部事件”. */
function EventSelect({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { pick } = useI18n();
  const shown = value?.length ? value : [ALL];
  const known = new Set([ALL, FAMILY, ...EVENTS.map((e) => e.value)]);
  const options = [
    { value: ALL, label: pick('全部事件', 'All events') },
    { value: FAMILY, label: `${pick('全部诉求事件', 'All request events')}（${FAMILY}）` },
    ...EVENTS.map((e) => ({ value: e.value, label: pick(e.zh, e.en) })),
    // An event name saved earlier that this page does not know stays visible rather than blank.
    ...(value ?? []).filter((e) => !known.has(e)).map((e) => ({ value: e, label: e })),
  ];
  const change = (next: string[]) => {
    // Choosing “all” replaces the rest; choosing anything else drops “all”.
    if (next.includes(ALL) && !shown.includes(ALL)) onChange?.([]);
    else onChange?.(next.filter((e) => e !== ALL));
  };
  return (
    <Select id={id} mode="multiple" value={shown} onChange={change} options={options} optionFilterProp="label"
      allowClear={!!value?.length} listHeight={360} placeholder={pick('全部事件', 'All events')} />
  );
}

// ---------------------------------------------------------------- the secret, once

function SecretModal({ created, onClose }: { created: Created | null; onClose: () => void }) {
  const { pick } = useI18n();
  return (
    <SecretOnceModal secret={created?.secret ?? null} onClose={onClose}
      title={pick(`已新增“${created?.name ?? ''}”`, `“${created?.name ?? ''}” added`)}
      label={{ zh: '签名密钥', en: 'Signing secret' }}
      note={{ zh: '请立即复制，交给接收方用于校验签名。', en: 'Copy it now and give it to the receiver to verify signatures.' }} />
  );
}

// ---------------------------------------------------------------- deliveries

type Filter = 'all' | DeliveryStatus;

function DeliveriesDrawer({ webhook, phone, onClose, onChanged }: {
  webhook: Webhook | null; phone: boolean; onClose: () => void; onChanged: () => void;
}) {
  const { pick } = useI18n();
  return (
    <Drawer open={webhook !== null} onClose={onClose} width={phone ? '100%' : 860} destroyOnHidden
      title={webhook ? pick(`推送记录：${webhook.name}`, `Deliveries: ${webhook.name}`) : ''}>
      {webhook && <Deliveries key={webhook.id} webhook={webhook} phone={phone} onChanged={onChanged} />}
    </Drawer>
  );
}

function StatusTag({ status }: { status: DeliveryStatus }) {
  const { pick } = useI18n();
  if (status === 'delivered') return <Tag color="green" style={{ fontSize: 14 }}>{pick('已送达', 'Delivered')}</Tag>;
  if (status === 'failed') return <Tag color="red" style={{ fontSize: 14 }}>{pick('失败', 'Failed')}</Tag>;
  return <Tag color="processing" style={{ fontSize: 14 }}>{pick('待推送', 'Pending')}</Tag>;
}

function Deliveries({ webhook, phone, onChanged }: { webhook: Webhook; phone: boolean; onChanged: () => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const when = useWhen();
  const [filter, setFilter] = useState<Filter>('all');
  const [retrying, setRetrying] = useState<number | null>(null);
  const rows = useLoad((signal) => api.get<Delivery[]>(`/api/webhooks/${webhook.id}/deliveries`,
    { status: filter === 'all' ? undefined : filter }, signal), [webhook.id, filter]);

  const retry = async (d: Delivery) => {
    setRetrying(d.id);
    try {
      await api.post(`/api/webhooks/deliveries/${d.id}/retry`);
      message.success(pick('已重新加入推送队列', 'Queued to be sent again'));
      rows.reload();
      onChanged();
    } catch (e) {
      message.error(asError(e).text(lang));
      rows.reload();
    } finally { setRetrying(null); }
  };

  const retryButton = (d: Delivery) => (d.status === 'failed'
    ? <Button icon={<SendOutlined />} loading={retrying === d.id} onClick={() => retry(d)}>{pick('重新推送', 'Send again')}</Button>
    : null);
  const attempts = (d: Delivery) => (d.status === 'delivered' ? String(d.attempts) : `${d.attempts} / ${MAX_ATTEMPTS}`);
  const timeCell = (d: Delivery) => (
    <div style={{ fontSize: 14, whiteSpace: 'nowrap' }}>
      <div>{pick('产生：', 'Raised: ')}{when(d.createdAt)}</div>
      {d.status === 'delivered' && <div style={{ color: '#389e0d' }}>{pick('送达：', 'Delivered: ')}{when(d.deliveredAt)}</div>}
      {d.status === 'pending' && d.nextAttemptAt && <div style={{ color: '#666' }}>{pick('下次尝试：', 'Next try: ')}{when(d.nextAttemptAt)}</div>}
    </div>
  );
  const errorCell = (d: Delivery) => (d.lastError
    ? <Typography.Text type={d.status === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 14, wordBreak: 'break-all' }}>{d.lastError}</Typography.Text>
    : <Typography.Text type="secondary">—</Typography.Text>);
  const eventCell = (d: Delivery) => (
    <div>
      <b>{eventLabel(d.event, pick)}</b>
      <div><Typography.Text type="secondary" style={{ fontSize: 13, fontFamily: MONO }}>{d.event}</Typography.Text></div>
    </div>
  );

  const columns: TableColumnsType<Delivery> = [
    { title: pick('事件', 'Event'), dataIndex: 'event', key: 'event', render: (_: unknown, d: Delivery) => eventCell(d) },
    { title: pick('状态', 'Status'), dataIndex: 'status', key: 'status', width: 100, render: (v: DeliveryStatus) => <StatusTag status={v} /> },
    { title: pick('尝试次数', 'Attempts'), dataIndex: 'attempts', key: 'attempts', width: 100, align: 'right', render: (_: unknown, d: Delivery) => attempts(d) },
    { title: pick('最近错误', 'Last error'), dataIndex: 'lastError', key: 'lastError', render: (_: unknown, d: Delivery) => <div style={{ maxWidth: 240 }}>{errorCell(d)}</div> },
    { title: pick('时间', 'Time'), key: 'time', render: (_: unknown, d: Delivery) => timeCell(d) },
    { title: pick('操作', 'Action'), key: 'act', width: 130, render: (_: unknown, d: Delivery) => retryButton(d) },
  ];

  const empty = <Empty description={filter === 'all' ? pick('还没有推送记录', 'Nothing has been sent yet') : pick('没有这种状态的记录', 'No deliveries with this status')} />;

  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <div style={{ fontFamily: MONO, fontSize: 14, color: '#666', wordBreak: 'break-all' }}>{webhook.url}</div>
        <div style={{ marginTop: 6 }}><EventTags events={webhook.events} /></div>
      </div>
      {!webhook.active && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }}
          message={pick('该推送已停用：新事件不再推送，待推送的记录暂停发送，重新启用后继续。',
            'This webhook is disabled: new events are not sent to it and pending deliveries wait until it is enabled again.')} />
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 12, alignItems: 'center' }}>
        <Segmented<Filter> value={filter} onChange={setFilter} options={[
          { value: 'all', label: pick('全部', 'All') },
          { value: 'failed', label: pick('失败', 'Failed') },
          { value: 'pending', label: pick('待推送', 'Pending') },
          { value: 'delivered', label: pick('已送达', 'Delivered') },
        ]} />
        <span style={{ flex: '1 1 auto' }} />
        <Button icon={<ReloadOutlined />} onClick={rows.reload}>{pick('刷新', 'Reload')}</Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 14 }}>
        {pick(`显示最近 200 条。失败的记录已重试 ${MAX_ATTEMPTS} 次仍未成功，排除接收方故障后可重新推送。`,
          `The latest 200 are shown. A failed delivery was tried ${MAX_ATTEMPTS} times; once the receiver is fixed it can be sent again.`)}
      </Typography.Paragraph>
      <ErrorAlert error={rows.error} onRetry={rows.reload} />
      {phone ? (
        <List loading={rows.loading} dataSource={rows.data ?? []} locale={{ emptyText: empty }}
          renderItem={(d) => (
            <Card key={d.id} style={{ marginBottom: 12, borderColor: d.status === 'failed' ? RED : undefined }} styles={{ body: { padding: 14 } }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
                {eventCell(d)}
                <StatusTag status={d.status} />
              </div>
              <div style={{ fontSize: 15, marginTop: 6 }}>{pick('尝试次数：', 'Attempts: ')}{attempts(d)}</div>
              {d.lastError && <div style={{ marginTop: 4 }}>{pick('最近错误：', 'Last error: ')}{errorCell(d)}</div>}
              <div style={{ marginTop: 6 }}>{timeCell(d)}</div>
              {d.status === 'failed' && <div style={{ marginTop: 10, textAlign: 'right' }}>{retryButton(d)}</div>}
            </Card>
          )} />
      ) : (
        <Table<Delivery> rowKey="id" columns={columns} dataSource={rows.data ?? []} loading={rows.loading} size="middle"
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }} locale={{ emptyText: empty }} scroll={{ x: 'max-content' }} />
      )}
    </>
  );
}
