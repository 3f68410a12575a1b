// 包联责任: who answers for what, for how long — 包联, 结对, 包保, 河长, 第一书记, 干部回家 — listed by
// owner or by object, filtered by kind and term. Terms about to end are flagged orange (red in
// the last week). Staff with liaison.manage create, edit and end them in a drawer; the server's
// per-field problems appear under the fields they name. Each kind's allowed owners and objects
// come from the server's own rules (src/domain/responsibilities.ts).
import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Grid, Input, List, Popconfirm, Radio, Segmented, Select, Space, Switch, Tag, Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type Page } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader, RegionPicker, showFieldErrors } from '../../components/ui.tsx';
import { useDepartments, useLoad } from '../../components/data.ts';
import { KIND_RULES, KIND_ZH, RESPONSIBILITY_KINDS, type ObjectType, type OwnerType, type ResponsibilityKind } from '../../../../src/domain/responsibilities.ts';
import { asError, CadreSelect, daysBetween, HouseholdSelect, today } from './shared.tsx';

interface Resp {
  id: number; kind: ResponsibilityKind; kindLabel: string; ownerType: OwnerType; ownerId: number; ownerName: string;
  objectType: ObjectType; objectId: number | null; objectName: string; regionId: number | null; startDate: string; endDate: string | null;
  status: 'future' | 'active' | 'expiring' | 'ended'; statusLabel: string; published: boolean; notes: string | null; version: number;
}

const KIND_EN: Record<ResponsibilityKind, string> = { liaison: 'Liaison', pairing: 'Pairing', project: 'Project', river: 'River chief', first_secretary: 'First secretary', cadre_home: 'Cadre back home' };
const KIND_COLOUR: Record<ResponsibilityKind, string> = { liaison: 'red', pairing: 'volcano', project: 'gold', river: 'cyan', first_secretary: 'purple', cadre_home: 'green' };
const OWNER_ZH: Record<OwnerType, [string, string]> = { leader: ['领导', 'Leader'], department: ['部门', 'Department'], cadre: ['干部', 'Cadre'], group: ['联户组', 'Liaison group'] };
const OBJECT_ZH: Record<ObjectType, [string, string]> = { region: ['区域', 'Region'], household: ['住户', 'Household'], project: ['重大项目', 'Major project'], river: ['河流', 'River'] };

type View = 'owner' | 'object';
type Term = 'all' | 'active' | 'expiring' | 'ended';

export default function Responsibilities() {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const manage = can(me, 'liaison.manage');
  const phone = !Grid.useBreakpoint().md;
  const [view, setView] = useState<View>('owner');
  const [kind, setKind] = useState<ResponsibilityKind | 'all'>('all');
  const [term, setTerm] = useState<Term>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Resp | 'new' | null>(null);
  const query = { kind: kind === 'all' ? undefined : kind, term: term === 'all' ? undefined : term, q: q || undefined, page, pageSize: 200 };
  const list = useLoad((signal) => api.get<Page<Resp>>('/api/responsibilities', query, signal), [JSON.stringify(query)]);
  const kindName = (k: ResponsibilityKind) => pick(KIND_ZH[k], KIND_EN[k]);

  // One card per owner (or per object), its responsibilities inside, soonest-ending first.
  const groups = useMemo(() => {
    const by = new Map<string, { key: string; title: string; type: string; items: Resp[] }>();
    for (const r of list.data?.items ?? []) {
      const key = view === 'owner' ? `${r.ownerType}-${r.ownerId}` : `${r.objectType}-${r.objectId ?? r.objectName}`;
      const type = view === 'owner' ? pick(...OWNER_ZH[r.ownerType]) : pick(...OBJECT_ZH[r.objectType]);
      const g = by.get(key) ?? { key, title: view === 'owner' ? r.ownerName : r.objectName, type, items: [] };
      g.items.push(r);
      by.set(key, g);
    }
    const urgency = (r: Resp) => (r.status === 'expiring' ? 0 : r.status === 'active' ? 1 : r.status === 'future' ? 2 : 3);
    for (const g of by.values()) g.items.sort((a, b) => urgency(a) - urgency(b) || (a.endDate ?? '9').localeCompare(b.endDate ?? '9'));
    return [...by.values()].sort((a, b) => Math.min(...a.items.map(urgency)) - Math.min(...b.items.map(urgency)) || a.title.localeCompare(b.title, 'zh-CN'));
  }, [list.data, view, lang]);

  const end = async (r: Resp) => {
    try {
      await api.patch(`/api/responsibilities/${r.id}`, { version: r.version, endDate: today() });
      message.success(pick(`已结束：${r.ownerName} · ${r.objectName}`, `Ended: ${r.ownerName} · ${r.objectName}`));
      list.reload();
    } catch (e) {
      const err = asError(e);
      message.error([err.text(lang), ...err.details.map((d) => (lang === 'en' ? d.reason_en || d.reason : d.reason))].join('：'));
    }
  };

  const total = list.data?.total ?? 0;
  const expiring = (list.data?.items ?? []).filter((r) => r.status === 'expiring').length;

  return (
    <>
      <PageHeader title={pick('包联责任', 'Responsibilities')}
        sub={list.data ? pick(`共 ${total} 项${expiring ? `，${expiring} 项即将到期` : ''}`, `${total} in all${expiring ? `, ${expiring} ending soon` : ''}`) : pick('谁对什么负责、期限多长', 'Who answers for what, for how long')}
        extra={manage ? <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{pick('新增责任', 'Add')}</Button> : null} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: phone ? 12 : 16 } }}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          <Segmented<View> size="large" value={view} onChange={setView}
            options={[{ value: 'owner', label: pick('按责任主体', 'By owner') }, { value: 'object', label: pick('按对象', 'By object') }]} />
          {phone ? (
            <Select value={kind} onChange={(v) => { setKind(v); setPage(1); }} style={{ width: 160 }}
              options={[{ value: 'all', label: pick('全部类型', 'All kinds') }, ...RESPONSIBILITY_KINDS.map((k) => ({ value: k, label: kindName(k) }))]} />
          ) : (
            <Segmented size="large" value={kind} onChange={(v) => { setKind(v as ResponsibilityKind | 'all'); setPage(1); }} data-testid="resp-kind"
              options={[{ value: 'all', label: pick('全部', 'All') }, ...RESPONSIBILITY_KINDS.map((k) => ({ value: k, label: kindName(k) }))]} />
          )}
          <Select<Term> value={term} onChange={(v) => { setTerm(v); setPage(1); }} style={{ width: 150 }}
            options={[{ value: 'all', label: pick('全部期限', 'Any term') }, { value: 'active', label: pick('履职中', 'Running') },
              { value: 'expiring', label: pick('即将到期', 'Ending soon') }, { value: 'ended', label: pick('已到期', 'Ended') }]} />
          <Input.Search allowClear placeholder={pick('责任人或对象名称', 'Owner or object')} onSearch={(v) => { setQ(v.trim()); setPage(1); }}
            style={{ width: phone ? 'calc(100vw - 50px)' : 260 }} />
        </Space>
      </Card>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <List loading={list.loading} dataSource={groups} data-testid="resp-list"
        locale={{ emptyText: <Empty description={pick('没有符合条件的责任', 'Nothing matches')} /> }}
        pagination={groups.length > 12 ? { pageSize: 12, showSizeChanger: false } : false}
        renderItem={(g) => (
          <Card key={g.key} style={{ marginBottom: 12 }} styles={{ header: { minHeight: 52 }, body: { padding: phone ? 8 : '4px 16px' } }}
            title={<span style={{ fontSize: 18 }}>{g.title} <Tag style={{ fontSize: 13, marginInlineStart: 6 }}>{g.type}</Tag></span>}
            extra={<Typography.Text type="secondary">{pick(`${g.items.length} 项`, `${g.items.length}`)}</Typography.Text>}>
            <List dataSource={g.items} split renderItem={(r) => (
              <List.Item key={r.id} style={{ padding: '10px 4px', flexWrap: 'wrap', gap: 8 }}
                actions={manage ? [
                  <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(r)}>{pick('编辑', 'Edit')}</Button>,
                  r.status !== 'ended' ? (
                    <Popconfirm key="end" title={pick('结束这项责任？', 'End this responsibility?')} description={pick(`结束日期将设为今天（${today()}）`, `The end date becomes today (${today()})`)}
                      okText={pick('结束', 'End')} cancelText={pick('取消', 'Cancel')} onConfirm={() => end(r)}>
                      <Button danger icon={<StopOutlined />}>{pick('结束', 'End')}</Button>
                    </Popconfirm>
                  ) : null,
                ].filter(Boolean) : undefined}>
                <div style={{ minWidth: 0, flex: '1 1 320px' }}>
                  <div style={{ fontSize: 17, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
                    <Tag color={KIND_COLOUR[r.kind]} style={{ fontSize: 14, margin: 0 }}>{kindName(r.kind)}</Tag>
                    <span>{view === 'owner' ? r.objectName : r.ownerName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 14 }}>{view === 'owner' ? pick(...OBJECT_ZH[r.objectType]) : pick(...OWNER_ZH[r.ownerType])}</Typography.Text>
                    {r.published && <Tag color="blue" style={{ fontSize: 13, margin: 0 }}>{pick('已公示', 'Published')}</Tag>}
                  </div>
                  <div style={{ fontSize: 15, color: '#555', marginTop: 4, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
                    <span>{r.startDate} ~ {r.endDate ?? pick('长期', 'open-ended')}</span>
                    <TermTag r={r} />
                    {r.notes && <Typography.Text type="secondary" style={{ fontSize: 14 }}>{r.notes}</Typography.Text>}
                  </div>
                </div>
              </List.Item>
            )} />
          </Card>
        )} />
      {list.data && list.data.total > 200 && (
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Space>
            <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>{pick('上一批', 'Previous')}</Button>
            <span>{pick(`第 ${page} 批（每批 200 项）`, `Batch ${page} (200 each)`)}</span>
            <Button disabled={page * 200 >= list.data.total} onClick={() => setPage(page + 1)}>{pick('下一批', 'Next')}</Button>
          </Space>
        </div>
      )}
      {manage && (
        <RespDrawer editing={editing} phone={phone} onClose={() => setEditing(null)}
          onSaved={(r, created) => {
            setEditing(null);
            message.success(created ? pick(`已新增：${r.ownerName} · ${r.objectName}`, `Added: ${r.ownerName} · ${r.objectName}`) : pick('已保存', 'Saved'));
            list.reload();
          }} />
      )}
    </>
  );
}

function TermTag({ r }: { r: Resp }) {
  const { pick } = useI18n();
  if (r.status === 'expiring' && r.endDate) {
    const left = daysBetween(today(), r.endDate);
    return <Tag color={left <= 7 ? 'red' : 'orange'} style={{ fontSize: 14, margin: 0 }} data-testid="term-expiring">
      {left === 0 ? pick('今天到期', 'Ends today') : pick(`即将到期 · 还剩 ${left} 天`, `Ends in ${left} d`)}</Tag>;
  }
  if (r.status === 'ended') return <Tag style={{ fontSize: 14, margin: 0 }}>{pick('已到期', 'Ended')}</Tag>;
  if (r.status === 'future') return <Tag color="blue" style={{ fontSize: 14, margin: 0 }}>{pick('未开始', 'Not started')}</Tag>;
  return <Tag color="green" style={{ fontSize: 14, margin: 0 }}>{pick('履职中', 'Running')}</Tag>;
}

interface Values {
  kind: ResponsibilityKind; ownerType: OwnerType; ownerId: number | null; groupDepartmentId: number | null;
  objectType: ObjectType; objectId: number | null; objectName: string; regionId: number | null;
  startDate: Dayjs | null; endDate: Dayjs | null; published: boolean; notes: string;
}

function RespDrawer({ editing, phone, onClose, onSaved }: {
  editing: Resp | 'new' | null; phone: boolean; onClose: () => void; onSaved: (r: Resp, created: boolean) => void;
}) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const departments = useDepartments();
  const r = editing && editing !== 'new' ? editing : null;
  const kind = Form.useWatch('kind', form) as ResponsibilityKind | undefined;
  const ownerType = Form.useWatch('ownerType', form) as OwnerType | undefined;
  const objectType = Form.useWatch('objectType', form) as ObjectType | undefined;
  const groupDept = Form.useWatch('groupDepartmentId', form) as number | null | undefined;
  const rule = KIND_RULES[kind ?? 'liaison'];

  useEffect(() => {
    if (!editing) return;
    setGeneral(null);
    form.resetFields();
    form.setFieldsValue(r ? {
      kind: r.kind, ownerType: r.ownerType, ownerId: r.ownerId, groupDepartmentId: null, objectType: r.objectType, objectId: r.objectId,
      objectName: r.objectType === 'project' || r.objectType === 'river' ? r.objectName : '', regionId: r.objectType === 'project' || r.objectType === 'river' ? r.regionId : null,
      startDate: dayjs(r.startDate), endDate: r.endDate ? dayjs(r.endDate) : null, published: r.published, notes: r.notes ?? '',
    } : {
      kind: 'liaison', ownerType: 'cadre', ownerId: null, groupDepartmentId: null, objectType: 'region', objectId: null, objectName: '', regionId: null,
      startDate: dayjs(today()), endDate: null, published: false, notes: '',
    });
  }, [editing]);

  // Groups of a department (for a group as owner), with their loads.
  const groups = useLoad((signal) => (groupDept ? api.get<{ items: { id: number; name: string; households: number }[] }>('/api/liaison-groups', { departmentId: groupDept }, signal)
    .then((r) => ({ groups: r.items })) : Promise.resolve(undefined)), [groupDept]);

  const onKind = (k: ResponsibilityKind) => {
    const rl = KIND_RULES[k];
    const v = form.getFieldsValue();
    const patch: Partial<Values> = {};
    if (!rl.owners.includes(v.ownerType)) { patch.ownerType = rl.owners[0]; patch.ownerId = null; }
    if (!rl.objects.includes(v.objectType)) { patch.objectType = rl.objects[0]; patch.objectId = null; }
    form.setFieldsValue(patch);
  };

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    setSaving(true); setGeneral(null);
    const named = v.objectType === 'project' || v.objectType === 'river';
    const body = {
      kind: v.kind, ownerType: v.ownerType, ownerId: v.ownerId, objectType: v.objectType,
      objectId: named ? null : v.objectId, objectName: named ? v.objectName : null, regionId: named ? v.regionId ?? null : null,
      startDate: v.startDate?.format('YYYY-MM-DD'), endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
      published: v.published, notes: v.notes?.trim() || null,
    };
    try {
      const saved = r ? await api.patch<Resp>(`/api/responsibilities/${r.id}`, { ...body, version: r.version }) : await api.post<Resp>('/api/responsibilities', body);
      onSaved(saved, !r);
    } catch (e) {
      const err = asError(e);
      const rest = showFieldErrors(form, err, lang);
      setGeneral([err.text(lang), ...rest].join('；'));
    } finally { setSaving(false); }
  };

  const ownerField = () => {
    if (ownerType === 'department') {
      return <Select showSearch optionFilterProp="label" placeholder={pick('选择部门', 'Choose a department')} options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />;
    }
    if (ownerType === 'group') return null;
    return <CadreSelect placeholder={ownerType === 'leader' ? pick('输入姓名搜索领导', 'Search the leader by name') : undefined}
      initial={r && (r.ownerType === 'cadre' || r.ownerType === 'leader') ? [{ id: r.ownerId, name: r.ownerName }] : undefined} />;
  };

  return (
    <Drawer open={!!editing} onClose={onClose} width={phone ? '100%' : 560} destroyOnHidden
      title={r ? pick('编辑责任', 'Edit responsibility') : pick('新增责任', 'Add a responsibility')}
      extra={<Space><Button onClick={onClose}>{pick('取消', 'Cancel')}</Button><Button type="primary" loading={saving} onClick={save}>{pick('保存', 'Save')}</Button></Space>}>
      {general && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={general} />}
      <Form form={form} layout="vertical" onValuesChange={(changed) => {
        // Editing a field clears the server's complaint about it.
        form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })));
      }}>
        <Form.Item name="kind" label={pick('类型', 'Kind')} rules={[{ required: true }]}>
          <Select onChange={onKind} options={RESPONSIBILITY_KINDS.map((k) => ({ value: k, label: pick(KIND_ZH[k], KIND_EN[k]) }))} />
        </Form.Item>
        <Form.Item name="ownerType" label={pick('责任主体类型', 'Owner type')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" onChange={() => form.setFieldsValue({ ownerId: null })}
            options={rule.owners.map((o) => ({ value: o, label: pick(...OWNER_ZH[o]) }))} />
        </Form.Item>
        {ownerType === 'group' && (
          <Form.Item name="groupDepartmentId" label={pick('联户组所属部门', 'The group’s department')}>
            <Select showSearch optionFilterProp="label" allowClear placeholder={pick('先选择部门', 'Choose the department first')}
              onChange={() => form.setFieldsValue({ ownerId: null })} options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
        <Form.Item name="ownerId" label={pick('责任主体', 'Owner')} rules={[{ required: true, message: pick('请选择责任主体', 'Choose the owner') }]}>
          {ownerType === 'group' ? (
            <Select placeholder={pick('选择联户组', 'Choose the group')} loading={groups.loading}
              options={[...(r?.ownerType === 'group' && !groups.data?.groups.some((g) => g.id === r.ownerId) ? [{ value: r.ownerId, label: r.ownerName }] : []),
                ...(groups.data?.groups ?? []).map((g) => ({ value: g.id, label: pick(`${g.name}（${g.households} 户）`, `${g.name} (${g.households})`) }))]} />
          ) : ownerField()}
        </Form.Item>
        <Form.Item name="objectType" label={pick('对象类型', 'Object type')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" onChange={() => form.setFieldsValue({ objectId: null })}
            options={rule.objects.map((o) => ({ value: o, label: pick(...OBJECT_ZH[o]) }))} />
        </Form.Item>
        {objectType === 'region' && (
          <Form.Item name="objectId" label={pick('乡镇、社区、村或网格', 'Township, community, village or grid')} rules={[{ required: true, message: pick('请选择区域', 'Choose the region') }]}>
            <RegionPicker style={{ width: '100%' }} placeholder={pick('选择区域', 'Choose the region')} />
          </Form.Item>
        )}
        {objectType === 'household' && (
          <Form.Item name="objectId" label={pick('住户', 'Household')} rules={[{ required: true, message: pick('请选择住户', 'Choose the household') }]}>
            <HouseholdSelect style={{ width: '100%' }} initial={r?.objectType === 'household' && r.objectId ? { id: r.objectId, address: r.objectName, headName: null } : null} />
          </Form.Item>
        )}
        {(objectType === 'project' || objectType === 'river') && (
          <>
            <Form.Item name="objectName" label={objectType === 'project' ? pick('项目名称', 'Project') : pick('河流名称', 'River')}
              rules={[{ required: true, whitespace: true, message: pick('请填写名称', 'Enter the name') }]}>
              <Input maxLength={100} placeholder={objectType === 'project' ? pick('如：渔港改造工程', 'e.g. harbour renovation') : pick('如：王沟河', 'e.g. Wanggou river')} />
            </Form.Item>
            <Form.Item name="regionId" label={pick('所在区域（可选）', 'Where (optional)')}>
              <RegionPicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Space size={12} style={{ display: 'flex' }} wrap align="start">
          <Form.Item name="startDate" label={pick('开始日期', 'Start')} rules={[{ required: true, message: pick('请选择开始日期', 'Choose the start') }]}>
            <DatePicker style={{ width: 200 }} placeholder={pick('选择日期', 'Date')} />
          </Form.Item>
          <Form.Item name="endDate" label={pick('结束日期', 'End')}
            extra={kind === 'first_secretary' ? pick('不填则任期一年', 'One year if left empty') : kind === 'project' ? pick('包保项目须有完成期限', 'A project needs a deadline') : pick('不填为长期', 'Empty: open-ended')}>
            <DatePicker style={{ width: 200 }} placeholder={pick('选择日期', 'Date')} />
          </Form.Item>
        </Space>
        <Form.Item name="published" label={pick('对外公示', 'Published')} valuePropName="checked">
          <Switch checkedChildren={pick('公示', 'Yes')} unCheckedChildren={pick('不公示', 'No')} />
        </Form.Item>
        <Form.Item name="notes" label={pick('备注', 'Notes')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
