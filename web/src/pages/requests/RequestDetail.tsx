// One request: what was said, where, by whom (masked), where it stands against its deadline,
// the whole timeline, and the steps this user may take now — each a short form. The follow-up
// call (回访) shows the answer that was given and the phone to call, then three big verdicts.
import { useEffect, useState } from 'react';
import { CategorySuggestions, useSuggestions } from './Suggestions.tsx';
import { half } from '../liaison/shared.tsx';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Image, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, Timeline, Tooltip, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { api, ApiError, upload } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, useRoute } from '../../router.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader, showFieldErrors } from '../../components/ui.tsx';
import { useDepartments, useLoad } from '../../components/data.ts';
import { ColourDot, StatusTag, SupervisionTag, day, useCategories, when, type RequestItem } from './shared.tsx';

interface Detail extends RequestItem {
  children: RequestItem[]; merged: RequestItem[];
  extensions: { id: number; days: number; reason: string; status: string; requestedAt: string; decidedAt: string | null; decisionNote: string | null; oldDue: string; newDue: string | null }[];
  supervisions: { id: number; level: string; comment: string; due: string | null; by: string; at: string }[];
  attachments: { id: number; filename: string; mime: string; size: number; createdAt: string }[];
  suggestedDepartment: { id: number; name: string; via: string } | null;
  actions: { action: string; label: string }[];
  canSupervise: boolean;
}
interface Event { id: number; requestId: number; code: string; at: string; actor: string; actorRole: string | null; action: string; actionLabel: string; from: string | null; to: string | null; toLabel: string | null; department: string | null; note: string | null; receivedAt: string | null }

const PRIMARY = new Set(['dispatch', 'accept', 'reply', 'resolve', 'follow_up']);

export default function RequestDetail({ id }: { id: number }) {
  const { pick, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const { data: r, error, loading, reload } = useLoad((signal) => api.get<Detail>(`/api/requests/${id}`, undefined, signal), [id]);
  const tl = useLoad((signal) => api.get<{ items: Event[] }>(`/api/requests/${id}/timeline`, undefined, signal), [id, r?.version]);
  const [acting, setActing] = useState<string | null>(null);
  const [phoneShown, setPhoneShown] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);

  const reveal = async () => {
    try { setPhoneShown((await api.post<{ phone: string }>(`/api/requests/${id}/reveal`)).phone); }
    catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
  };
  const done = () => { setActing(null); reload(); };
  // Arriving from the intake form's "merge into this one" (?mergeInto=<id>): the merge form opens with the target filled in.
  const mergeInto = Number(useRoute().query.get('mergeInto')) || null;
  const canMerge = !!r?.actions.some((a) => a.action === 'merge');
  useEffect(() => { if (mergeInto && canMerge) setActing('merge'); }, [mergeInto, canMerge]);

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!r) return <Card loading={loading} />;
  const requester = r.requester.hidden ? <Tag>{r.requester.label}</Tag> : (
    <Space wrap>
      <span>{r.requester.name ?? '—'}</span>
      {r.requester.phone ? <span><PhoneOutlined /> {phoneShown ? <a href={`tel:${phoneShown}`}>{phoneShown}</a> : r.requester.phone}</span> : null}
      {r.canRevealPhone && !phoneShown ? <Button size="small" icon={<EyeOutlined />} onClick={reveal}>{pick('查看完整号码（留痕）', 'Show number (audited)')}</Button> : null}
    </Space>
  );

  return (
    <>
      <PageHeader
        title={<Space wrap><Button type="text" icon={<ArrowLeftOutlined />} onClick={() => history.length > 1 ? history.back() : navigate('/requests')} aria-label={pick('返回', 'Back')} />{r.code}<StatusTag r={r} /><SupervisionTag s={r.supervision} /></Space>}
        sub={<Space wrap><ColourDot colour={r.colour} big /><span>{pick('答复期限', 'Reply due')}：{when(r.replyDue)}（{r.replyLimit.endsWith('h') ? pick(`${parseInt(r.replyLimit)}小时`, `${parseInt(r.replyLimit)} hours`) : pick(`${parseInt(r.replyLimit)}个工作日`, `${parseInt(r.replyLimit)} working days`)}）</span>{r.reopenCount ? <Tag color="volcano">{pick(`重办 ${r.reopenCount} 次`, `reopened ×${r.reopenCount}`)}</Tag> : null}</Space>}
      />
      {r.actions.length || r.canSupervise ? (
        <Card style={{ marginBottom: 16 }} styles={{ body: { padding: 12 } }}>
          <Space wrap size={[8, 8]}>
            {r.actions.map((a) => (
              <Button key={a.action} size="large" type={PRIMARY.has(a.action) ? 'primary' : 'default'} danger={a.action === 'return'} onClick={() => setActing(a.action)} data-action={a.action}>{a.label}</Button>
            ))}
            {r.canSupervise ? <Button size="large" onClick={() => setActing('supervise')} data-action="supervise">{pick('督办', 'Supervise')}</Button> : null}
          </Space>
        </Card>
      ) : null}
      {r.extensionPending ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={pick('承办部门申请延期，等待连心办审批', 'The department asked for more time; the office decides')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={pick('诉求内容', 'The request')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ fontSize: 18, whiteSpace: 'pre-wrap' }}>{r.urgency === 'urgent' ? <Tag color="red">{pick('紧急', 'Urgent')}</Tag> : null}{r.text}</Typography.Paragraph>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
              <Descriptions.Item label={pick('类型', 'Kind')}>{r.kindLabel}</Descriptions.Item>
              <Descriptions.Item label={pick('渠道', 'Channel')}>{r.channelLabel}</Descriptions.Item>
              <Descriptions.Item label={pick('分类', 'Category')}>{r.category.name}</Descriptions.Item>
              <Descriptions.Item label={pick('区域', 'Area')}>{r.region.name}</Descriptions.Item>
              <Descriptions.Item label={pick('地址', 'Address')} span={2}>{r.address ?? '—'}{r.householdId ? <> · <a onClick={() => navigate(`/households/${r.householdId}`)}>{pick('查看住户', 'Household')}</a></> : null}</Descriptions.Item>
              <Descriptions.Item label={pick('诉求人', 'Requester')} span={2}>{requester}</Descriptions.Item>
              <Descriptions.Item label={pick('承办部门', 'Department')}>{r.department?.name ?? (r.suggestedDepartment ? <span style={{ color: '#888' }}>{pick('建议：', 'Suggested: ')}{r.suggestedDepartment.name}</span> : '—')}</Descriptions.Item>
              <Descriptions.Item label={pick('受理时间', 'Received')}>{when(r.receivedAt)}</Descriptions.Item>
              {r.acceptDue && !r.acceptedAt ? <Descriptions.Item label={pick('接单期限', 'Accept by')}>{when(r.acceptDue)}</Descriptions.Item> : null}
              {r.mergedInto ? <Descriptions.Item label={pick('已合并至', 'Merged into')}><a onClick={() => navigate(`/requests/${r.mergedInto}`)}>#{r.mergedInto}</a></Descriptions.Item> : null}
            </Descriptions>
          </Card>
          {r.replyText || r.constraintText || r.resolution ? (
            <Card title={pick('办理答复', 'Answer')} style={{ marginBottom: 16 }}>
              {r.constraintText ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={pick('疑难受限说明', 'Why it cannot be done now')} description={r.constraintText} /> : null}
              {r.replyText ? <><Typography.Text type="secondary">{pick('答复', 'Reply')} · {when(r.repliedAt ?? r.firstRepliedAt)}</Typography.Text><Typography.Paragraph style={{ fontSize: 17 }}>{r.replyText}</Typography.Paragraph></> : null}
              {r.resolution ? <><Typography.Text type="secondary">{pick('办理结果', 'Result')} · {when(r.resolvedAt)}</Typography.Text><Typography.Paragraph style={{ fontSize: 17 }}>{r.resolution}</Typography.Paragraph></> : null}
              {r.verdict ? <Tag color={r.verdict === 'unsatisfied' ? 'red' : 'green'} style={{ fontSize: 15 }}>{pick('回访', 'Follow-up')}：{r.verdictLabel}{r.followUpNotes ? ` · ${r.followUpNotes}` : ''}</Tag> : null}
            </Card>
          ) : null}
          {r.children.length ? (
            <Card title={pick('联合办理子工单', 'Joint orders')} style={{ marginBottom: 16 }}>
              <Table<RequestItem> rowKey="id" size="small" pagination={false} dataSource={r.children} onRow={(c) => ({ onClick: () => navigate(`/requests/${c.id}`), style: { cursor: 'pointer' } })}
                columns={[
                  { title: pick('编号', 'Code'), dataIndex: 'code' },
                  { title: pick('部门', 'Department'), render: (_: unknown, c) => <>{c.department?.name}{c.isLead ? <Tag color="red" style={{ marginLeft: 6 }}>{pick('牵头', 'Lead')}</Tag> : null}</> },
                  { title: pick('状态', 'Status'), render: (_: unknown, c) => <StatusTag r={c} /> },
                  { title: pick('预警', 'Warning'), render: (_: unknown, c) => <ColourDot colour={c.colour} /> },
                ]} />
            </Card>
          ) : null}
          {r.merged.length ? (
            <Card title={pick('合并的重复诉求（一并答复）', 'Merged duplicates (answered together)')} style={{ marginBottom: 16 }}>
              {r.merged.map((m) => <div key={m.id}><a onClick={() => navigate(`/requests/${m.id}`)}>{m.code}</a> {m.text}</div>)}
            </Card>
          ) : null}
          <Card title={pick('照片', 'Photos')} style={{ marginBottom: 16 }}
            extra={can(me, 'request.create') || can(me, 'request.handle') ? (
              <Upload accept="image/jpeg,image/png,image/webp,image/heic" showUploadList={false} customRequest={async ({ file }) => {
                setUploading(0);
                try { await upload(`/api/requests/${id}/attachments`, file as File, setUploading); message.success(pick('已上传', 'Uploaded')); reload(); }
                catch (e) { message.error(e instanceof ApiError ? `${e.text(lang)} ${e.details.map((d) => lang === 'en' ? d.reason_en : d.reason).join('；')}` : String(e)); }
                finally { setUploading(null); }
              }}><Button icon={<CameraOutlined />} loading={uploading !== null}>{uploading !== null ? `${uploading}%` : pick('添加照片', 'Add photo')}</Button></Upload>
            ) : null}>
            {r.attachments.length ? <Image.PreviewGroup><Space wrap>{r.attachments.map((a) => <Image key={a.id} width={120} height={120} style={{ objectFit: 'cover' }} src={`/api/requests/${id}/attachments/${a.id}`} alt={a.filename} />)}</Space></Image.PreviewGroup> : <Typography.Text type="secondary">{pick('暂无照片', 'No photos')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={pick('办理过程', 'Timeline')} style={{ marginBottom: 16 }}>
            {tl.data?.items.length ? (
              <Timeline items={tl.data.items.map((e) => ({
                color: e.action === 'follow_up' && e.to === 'reopened' ? 'red' : e.action === 'return' ? 'orange' : e.to === 'closed' ? 'green' : 'blue',
                children: (
                  <div data-event={e.action}>
                    <div style={{ fontWeight: 600 }}>{e.actionLabel}{e.toLabel && e.from !== e.to ? ` → ${e.toLabel}` : ''}{e.requestId !== r.id ? <Tag style={{ marginLeft: 6 }}>{e.code}</Tag> : null}</div>
                    <div style={{ fontSize: 14, color: '#666' }}>{when(e.at)} · {e.actor}{e.department ? ` · ${e.department}` : ''}</div>
                    {e.receivedAt ? <div style={{ fontSize: 14 }} data-testid="received-at">{pick(`补录：实际受理于 ${when(e.receivedAt)}`, `Entered later: received ${when(e.receivedAt)}`)}</div> : null}
                    {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
                  </div>
                ),
              }))} />
            ) : <Empty />}
          </Card>
          {r.extensions.length ? (
            <Card title={pick('延期申请', 'Extensions')} style={{ marginBottom: 16 }}>
              {r.extensions.map((x) => <div key={x.id} style={{ marginBottom: 8 }}><Tag color={x.status === 'approved' ? 'green' : x.status === 'refused' ? 'red' : 'gold'}>{{ approved: pick('已批准', 'approved'), refused: pick('未批准', 'refused'), pending: pick('待审批', 'pending') }[x.status]}</Tag>{pick(`${x.days} 个工作日：`, `${x.days} working days: `)}{x.reason}{x.newDue ? ` → ${day(x.newDue)}` : ''}</div>)}
            </Card>
          ) : null}
          {r.supervisions.length ? (
            <Card title={pick('督办记录', 'Supervision')}>
              {r.supervisions.map((x) => <div key={x.id} style={{ marginBottom: 8 }}><Tag color={x.level === 'red' ? 'red' : x.level === 'yellow' ? 'gold' : 'blue'}>{{ red: pick('红牌', 'Red'), yellow: pick('黄牌', 'Yellow'), normal: pick('一般', 'Normal') }[x.level]}</Tag>{x.comment}<div style={{ fontSize: 13, color: '#888' }}>{x.by} · {when(x.at)}{x.due ? ` · ${pick('限', 'due ')}${x.due}` : ''}</div></div>)}
            </Card>
          ) : null}
        </Col>
      </Row>
      {acting ? <ActionModal r={r} action={acting} onClose={() => setActing(null)} onDone={done} phone={phoneShown} onReveal={reveal} mergeInto={mergeInto} /> : null}
    </>
  );
}

const TITLES: Record<string, [string, string]> = {
  dispatch: ['派单', 'Dispatch'], dispatch_joint: ['联合派单', 'Joint order'], escalate: ['上报区级', 'Escalate'], merge: ['合并为重复诉求', 'Merge as duplicate'],
  accept: ['接单', 'Accept'], return: ['退单', 'Return'], note: ['填写办理进展', 'Progress note'], request_extension: ['申请延期', 'Ask for more time'],
  decide_extension: ['审批延期', 'Decide on the extension'], constrain: ['疑难受限', 'Cannot be done now'], resume: ['恢复办理', 'Resume'],
  reply: ['答复诉求人', 'Reply'], resolve: ['办结', 'Resolve'], follow_up: ['回访', 'Follow-up call'], supervise: ['督办', 'Supervise'],
};

function ActionModal({ r, action, onClose, onDone, phone, onReveal, mergeInto }: { r: Detail; action: string; onClose: () => void; onDone: () => void; phone: string | null; onReveal: () => void; mergeInto?: number | null }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const departments = useDepartments().data ?? [];
  const cats = useCategories().data ?? [];
  const deptOptions = departments.filter((d) => d.kind !== 'office').map((d) => ({ value: d.id, label: d.name }));
  // The dispatcher sees the suggested categories and departments as one-click choices.
  const chosenCategory = Form.useWatch('categoryId', form);
  const suggestions = useSuggestions(action === 'dispatch' ? r.text : '', { regionId: r.region.id, categoryId: chosenCategory ?? r.category.id });
  const submit = async () => {
    let values;
    try { values = await form.validateFields(); } catch { return; }   // the form shows what is missing
    setBusy(true); setProblem(null);
    try {
      if (action === 'supervise') await api.post(`/api/requests/${r.id}/supervise`, { version: r.version, ...values, due: values.due ? values.due.format('YYYY-MM-DD') : null });
      else await api.post(`/api/requests/${r.id}/actions/${action}`, { version: r.version, ...values });
      message.success(pick(`${TITLES[action][0]}成功`, `${TITLES[action][1]}: done`));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setProblem(e.code === 'CONFLICT' ? pick('此件刚被他人处理过，请关闭后刷新再试', 'Someone else just acted on this request; close and reload') : `${e.text(lang)} ${e.details.map((d) => lang === 'en' ? d.reason_en : d.reason).join('；')}`);
      else if (e instanceof ApiError) { const left = showFieldErrors(form, e, lang); setProblem(left.length ? left.join('；') : e.text(lang)); }
      else setProblem(String(e));
    } finally { setBusy(false); }
  };
  const text = (name: string, label: string, required = true, rows = 4) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: pick('请填写', 'Required') }] : []}><Input.TextArea rows={rows} maxLength={2000} showCount /></Form.Item>
  );
  const body = (() => {
    switch (action) {
      case 'dispatch': return (<>
        <Form.Item name="departmentId" label={pick('承办部门', 'Department')} initialValue={r.suggestedDepartment?.id} rules={[{ required: true, message: pick('请选择部门', 'Choose a department') }]}
          extra={r.suggestedDepartment ? pick(`默认派单：${r.suggestedDepartment.name}（${r.suggestedDepartment.via === 'rule' ? '派单规则' : r.suggestedDepartment.via === 'township' ? '属地乡镇' : '分类默认'}）`, `Default: ${r.suggestedDepartment.name}`) : null}>
          <Select showSearch optionFilterProp="label" options={deptOptions} />
        </Form.Item>
        <Form.Item name="categoryId" label={pick('确认分类', 'Category')} initialValue={r.category.id}><Select showSearch optionFilterProp="label" options={cats.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <CategorySuggestions data={suggestions} value={chosenCategory ?? r.category.id} onPick={(id) => form.setFieldValue('categoryId', id)} />
        {suggestions?.departments.length ? (
          <div style={{ margin: '-8px 0 16px' }} data-testid="department-suggestions">
            <Space wrap>{pick('建议部门', 'Suggested departments')}：{suggestions.departments.slice(0, 3).map((d) => (
              <Tooltip key={d.departmentId} title={half(d.reason, lang)}>
                <Tag.CheckableTag checked={form.getFieldValue('departmentId') === d.departmentId} onChange={() => form.setFieldValue('departmentId', d.departmentId)}
                  style={{ fontSize: 15, padding: '4px 10px', border: '1px solid #d9d9d9' }}>{d.name}{d.via === 'history' ? pick('（近期多派往）', ' (recent)') : ''}</Tag.CheckableTag>
              </Tooltip>
            ))}</Space>
          </div>
        ) : null}
        {text('note', pick('派单说明（可选）', 'Note (optional)'), false, 2)}
      </>);
      case 'dispatch_joint': return (<>
        <Form.Item name="departments" label={pick('承办部门（至少两个）', 'Departments (two or more)')} rules={[{ required: true, type: 'array', min: 2, message: pick('至少选择两个部门', 'Choose at least two') }]}><Select mode="multiple" showSearch optionFilterProp="label" options={deptOptions} /></Form.Item>
        <Form.Item noStyle shouldUpdate>{() => (
          <Form.Item name="leadDepartmentId" label={pick('牵头部门', 'Lead department')} rules={[{ required: true, message: pick('请指定牵头部门', 'Name the lead') }]}>
            <Select options={deptOptions.filter((o) => (form.getFieldValue('departments') ?? []).includes(o.value))} />
          </Form.Item>)}
        </Form.Item>
      </>);
      case 'escalate': return text('reason', pick('上报原因', 'Why escalate'));
      case 'merge': return <Form.Item name="into" label={pick('合并到（诉求ID）', 'Merge into (request id)')} initialValue={mergeInto ?? undefined} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>;
      case 'return': return text('reason', pick('退单理由（将退回连心办重新派单）', 'Reason (goes back to the office)'));
      case 'note': return text('text', pick('办理进展', 'Progress'));
      case 'request_extension': return (<>
        <Form.Item name="days" label={pick('延期工作日数', 'Working days')} rules={[{ required: true }]} initialValue={3}><InputNumber min={1} max={30} style={{ width: '100%' }} /></Form.Item>
        {text('reason', pick('延期理由', 'Reason'))}
      </>);
      case 'decide_extension': {
        const ext = r.extensions.find((x) => x.status === 'pending');
        return (<>
          {ext ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={pick(`申请延期 ${ext.days} 个工作日`, `Asks for ${ext.days} working days`)} description={ext.reason} /> : null}
          <Form.Item name="approve" label={pick('审批意见', 'Decision')} rules={[{ required: true }]}><Radio.Group size="large" options={[{ value: true, label: pick('同意', 'Approve') }, { value: false, label: pick('不同意', 'Refuse') }]} optionType="button" buttonStyle="solid" /></Form.Item>
          {text('note', pick('说明（可选）', 'Note (optional)'), false, 2)}
        </>);
      }
      case 'constrain': return text('text', pick('受限原因（政策或条件），将告知诉求人', 'Why it cannot be done now — the requester receives this'));
      case 'resume': return text('note', pick('恢复办理说明（可选）', 'Note (optional)'), false, 2);
      case 'reply': return text('text', pick('答复内容（将告知诉求人）', 'Reply (sent to the requester)'), true, 5);
      case 'resolve': return text('text', pick('办理结果', 'Result'));
      case 'follow_up': return (<>
        <Card size="small" style={{ marginBottom: 12, background: '#fafafa' }}>
          <div style={{ marginBottom: 6 }}>{pick('诉求人', 'Requester')}：{r.requester.hidden ? r.requester.label : <>{r.requester.name ?? '—'} {phone ? <a href={`tel:${phone}`} style={{ fontSize: 18 }}><PhoneOutlined /> {phone}</a> : r.requester.phone}{!phone && r.canRevealPhone ? <Button size="small" style={{ marginLeft: 8 }} onClick={onReveal}>{pick('显示号码拨打（留痕）', 'Show number to call (audited)')}</Button> : null}</>}</div>
          <div><b>{pick('答复', 'Reply')}：</b>{r.replyText ?? '—'}</div>
          {r.resolution ? <div><b>{pick('结果', 'Result')}：</b>{r.resolution}</div> : null}
        </Card>
        <Form.Item name="verdict" label={pick('群众评价', 'Verdict')} rules={[{ required: true, message: pick('请选择回访结果', 'Choose the verdict') }]}>
          <Radio.Group size="large" optionType="button" buttonStyle="solid" options={[{ value: 'satisfied', label: pick('满意', 'Satisfied') }, { value: 'basically', label: pick('基本满意', 'Basically') }, { value: 'unsatisfied', label: pick('不满意（重办）', 'Unsatisfied (reopen)') }]} />
        </Form.Item>
        <Form.Item name="method" label={pick('回访方式', 'How')} initialValue="phone"><Radio.Group options={[{ value: 'phone', label: pick('电话', 'Phone') }, { value: 'site', label: pick('实地', 'On site') }]} /></Form.Item>
        {text('note', pick('回访记录', 'Notes'), false, 3)}
      </>);
      case 'supervise': return (<>
        <Form.Item name="level" label={pick('督办级别', 'Level')} rules={[{ required: true }]} initialValue="normal">
          <Radio.Group size="large" optionType="button" buttonStyle="solid" options={[{ value: 'normal', label: pick('一般', 'Normal') }, { value: 'yellow', label: pick('黄牌', 'Yellow card') }, { value: 'red', label: pick('红牌（挂牌）', 'Red card') }]} />
        </Form.Item>
        {text('comment', pick('督办意见', 'Comment'))}
        <Form.Item name="due" label={pick('办结时限（可选）', 'Due (optional)')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </>);
      default: return <Typography.Paragraph>{pick('确认执行此操作？', 'Go ahead?')}</Typography.Paragraph>;
    }
  })();
  return (
    <Modal open title={pick(TITLES[action]?.[0] ?? action, TITLES[action]?.[1] ?? action)} onCancel={onClose} onOk={submit} confirmLoading={busy}
      okText={pick('确定', 'Confirm')} cancelText={pick('取消', 'Cancel')} destroyOnClose width={640} okButtonProps={{ size: 'large', 'data-ok': action } as never} cancelButtonProps={{ size: 'large' }}>
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={problem} /> : null}
      <Form form={form} layout="vertical" requiredMark={false}>{body}</Form>
    </Modal>
  );
}
