// 联户分组: choose a department, the regions it covers, the group size and the 老带新 threshold;
// 预览 runs the pairing engine without changing anything and shows the groups (members,
// households, priority households, grids), which group relaxed which rule and why, the coverage
// report and how many households would move; 确认 writes the run. A 409 (someone confirmed a newer
// run, or the groups changed) says so and offers to preview again. Below: the current coverage
// ("no household missed") of the same department and regions.
import { useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, Empty, Form, Grid, InputNumber, List, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tag, TreeSelect, Typography,
} from 'antd';
import { CheckCircleOutlined, EyeOutlined, ReloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { api, ApiError, type Page } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, useMe } from '../../session.ts';
import { ErrorAlert, PageHeader } from '../../components/ui.tsx';
import { findRegion, useDepartments, useLoad, useRegionTree, type RegionNode } from '../../components/data.ts';
import { asError, half, RED, type Cadre } from './shared.tsx';
import LinkShapes from './LinkShapes.tsx';

interface PreviewGroup {
  id: string; isNew: boolean; cadres: { id: number; name: string }[]; households: number; priority: number; grids: number[];
  relaxed: { rule: 'party' | 'experienced' | 'local'; label: string; reason: string }[];
}
interface Preview {
  runId: number; department: { id: number; name: string }; regions: { id: number; name: string }[];
  options: { groupSize: number; experiencedYears: number };
  groups: PreviewGroup[];
  coverage: {
    households: number; assigned: number; unassigned: { id: number; reason: string }[]; cadresWithoutGroup: { id: number; reason: string }[];
    overloaded: string[]; underloaded: string[]; meanLoad: number; minLoad: number; maxLoad: number;
  };
  problems: string[]; moved: number;
}
interface Coverage {
  householdsWithoutGroup: { id: number; address: string }[];
  cadresWithoutGroup: { id: number; name: string }[];
  groups: { id: number; name: string; households: number }[];
}
interface Input { departmentId: number; regionIds: number[]; groupSize: number; experiencedYears: number }

const RULE_EN: Record<string, string> = { party: 'party member with non-member', experienced: 'experienced with new', local: 'local with non-local' };

interface TreeOption { value: number; title: string; children?: TreeOption[] }
const toOptions = (nodes: RegionNode[] | undefined): TreeOption[] =>
  (nodes ?? []).map((n) => ({ value: n.id, title: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));

export default function Pairing() {
  const { pick, lang } = useI18n();
  const { message, modal } = App.useApp();
  const me = useMe();
  const manage = can(me, 'liaison.manage');
  const phone = !Grid.useBreakpoint().md;
  const departments = useDepartments();
  const tree = useRegionTree();
  const [form] = Form.useForm<Input>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'confirm' | null>(null);
  // The department and regions whose current coverage is shown (set by 查看 / after a confirm).
  const [scope, setScope] = useState<{ departmentId: number; regionIds: number[] } | null>(null);
  const coverage = useLoad((signal) => (scope ? api.get<Coverage>('/api/pairing/coverage', { departmentId: scope.departmentId, regionIds: scope.regionIds.map(String) }, signal) : Promise.resolve(undefined)),
    [scope?.departmentId, scope?.regionIds.join(',')]);

  const deptId = Form.useWatch('departmentId', form);
  // Names of the department's cadres, for the report of cadres left without a group.
  const cadres = useLoad((signal) => (deptId ? api.get<Page<Cadre>>('/api/cadres', { departmentId: deptId, pageSize: 200 }, signal) : Promise.resolve(undefined)), [deptId]);
  const cadreName = (id: number) => cadres.data?.items.find((c) => c.id === id)?.name ?? `#${id}`;
  const gridName = (id: number) => findRegion(tree.data, id)?.name ?? `#${id}`;
  const treeOptions = useMemo(() => toOptions(tree.data), [tree.data]);

  const runPreview = async (input?: Input) => {
    let values: Input;
    try { values = input ?? await form.validateFields(); } catch { return; }
    setBusy('preview'); setPreviewError(null); setConflict(null);
    try {
      const p = await api.post<Preview>('/api/pairing/preview', values);
      setPreview(p);
      setScope({ departmentId: values.departmentId, regionIds: values.regionIds });
    } catch (e) {
      const err = asError(e);
      setPreview(null);
      setPreviewError(err);
      const fields = err.details.filter((d) => ['departmentId', 'regionIds', 'groupSize', 'experiencedYears'].includes(d.field));
      if (fields.length) form.setFields(fields.map((d) => ({ name: d.field as keyof Input, errors: [lang === 'en' ? d.reason_en || d.reason : d.reason] })));
    } finally { setBusy(null); }
  };

  const showCoverage = async () => {
    let values: Input;
    try { values = await form.validateFields(['departmentId', 'regionIds']) as Input; } catch { return; }
    setScope({ departmentId: values.departmentId, regionIds: values.regionIds });
    coverage.reload();
  };

  const confirm = () => {
    if (!preview) return;
    const p = preview;
    modal.confirm({
      title: pick('确认写入分组方案？', 'Confirm this pairing?'),
      icon: <SafetyCertificateOutlined style={{ color: RED }} />,
      width: 480,
      content: (
        <div style={{ fontSize: 16, lineHeight: 1.8 }}>
          <div>{pick(`${p.department.name}：${p.groups.length} 个联户组，${p.coverage.assigned} 户。`, `${p.department.name}: ${p.groups.length} groups, ${p.coverage.assigned} households.`)}</div>
          <div>{p.groups.every((g) => g.isNew)
            ? pick(`将为 ${p.coverage.assigned} 户首次分配联户组。`, `${p.coverage.assigned} households get a group for the first time.`)
            : pick(`将调整 ${p.moved} 户的联户组。`, `${p.moved} households change group.`)}</div>
          <div style={{ color: '#666' }}>{pick('确认后立即生效，并记入操作日志。', 'This takes effect at once and is recorded in the audit trail.')}</div>
        </div>
      ),
      okText: pick('确认分组', 'Confirm'), cancelText: pick('取消', 'Cancel'),
      okButtonProps: { size: 'large' }, cancelButtonProps: { size: 'large' },
      onOk: async () => {
        setBusy('confirm');
        try {
          const r = await api.post<{ groups: number; householdsChanged: number; dissolved: number }>(`/api/pairing/runs/${p.runId}/confirm`);
          message.success(pick(`已确认：${r.groups} 个组，调整 ${r.householdsChanged} 户`, `Confirmed: ${r.groups} groups, ${r.householdsChanged} households changed`));
          setPreview(null);
          setScope({ departmentId: p.department.id, regionIds: p.regions.map((x) => x.id) });
          coverage.reload();
        } catch (e) {
          const err = asError(e);
          if (err.status === 409) setConflict(err);
          else message.error(err.text(lang));
        } finally { setBusy(null); }
      },
    });
  };

  const relaxedGroups = preview?.groups.filter((g) => g.relaxed.length) ?? [];
  // No group kept from before: the department is paired for the first time, nothing "moves".
  const firstTime = !!preview && preview.groups.every((g) => g.isNew);
  const groupLabel = (g: PreviewGroup) => pick(`第 ${preview!.groups.indexOf(g) + 1} 组`, `Group ${preview!.groups.indexOf(g) + 1}`);
  const groupById = (id: string) => preview?.groups.find((g) => g.id === id);

  const groupColumns = [
    { title: pick('组', 'Group'), key: 'name', width: 100, render: (_: unknown, g: PreviewGroup) => (
      <div><b>{groupLabel(g)}</b><div>{g.isNew ? <Tag color="blue">{pick('新组', 'New')}</Tag> : <Tag>{pick('原有组', 'Kept')}</Tag>}</div></div>) },
    { title: pick('成员', 'Members'), key: 'cadres', render: (_: unknown, g: PreviewGroup) => <Space size={[4, 4]} wrap>{g.cadres.map((c) => <Tag key={c.id} style={{ fontSize: 15, padding: '2px 8px' }}>{c.name}</Tag>)}</Space> },
    { title: pick('户数', 'Households'), dataIndex: 'households', key: 'households', width: 90, align: 'right' as const },
    { title: pick('重点户', 'Priority'), dataIndex: 'priority', key: 'priority', width: 90, align: 'right' as const },
    { title: pick('网格', 'Grids'), key: 'grids', width: 220, render: (_: unknown, g: PreviewGroup) => g.grids.map(gridName).join('、') || '—' },
    { title: pick('组成规则', 'Composition'), key: 'relaxed', width: 300, render: (_: unknown, g: PreviewGroup) => <RuleCell g={g} /> },
  ];

  return (
    <>
      <PageHeader title={pick('联户分组', 'Liaison groups')}
        sub={pick('为部门组建联户组（党员带非党、老带新、当地带外地），把所选区域的每一户分给一个组；先预览，确认后生效。',
          'Form liaison groups for a department and give every household of the chosen regions to one group; preview first, then confirm.')} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: phone ? 12 : 20 } }}>
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ groupSize: 2, experiencedYears: 5, regionIds: [] }}
          onFinish={() => runPreview()}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="departmentId" label={pick('部门', 'Department')} rules={[{ required: true, message: pick('请选择部门', 'Choose a department') }]}>
                <Select showSearch optionFilterProp="label" placeholder={pick('选择部门', 'Choose a department')} loading={departments.loading}
                  options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} data-testid="pair-department" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={7}>
              <Form.Item name="regionIds" label={pick('包联区域（可多选）', 'Regions covered')} rules={[{ required: true, type: 'array', min: 1, message: pick('请选择要包联的区域', 'Choose the regions') }]}>
                <TreeSelect treeData={treeOptions} treeCheckable showCheckedStrategy={TreeSelect.SHOW_PARENT} showSearch treeNodeFilterProp="title"
                  placeholder={pick('选择社区、村或网格', 'Communities, villages or grids')} maxTagCount="responsive" listHeight={360}
                  popupMatchSelectWidth={false} data-testid="pair-regions" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8} xl={5}>
              <Form.Item name="groupSize" label={pick('每组人数', 'Group size')}>
                <Segmented block size="large" options={[1, 2, 3].map((n) => ({ value: n, label: pick(`${n} 人`, `${n}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8} xl={6}>
              <Form.Item name="experiencedYears" label={pick('老带新：工作满', 'Experienced: years of service')}
                rules={[{ required: true, message: pick('请填写年限', 'Enter the years') }]}>
                <InputNumber min={0} max={40} precision={0} addonAfter={pick('年', 'yrs')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap size={12}>
            {manage && <Button type="primary" size="large" htmlType="submit" icon={<EyeOutlined />} loading={busy === 'preview'}>{pick('预览分组', 'Preview')}</Button>}
            <Button size="large" icon={<SafetyCertificateOutlined />} onClick={showCoverage}>{pick('查看当前覆盖情况', 'Current coverage')}</Button>
          </Space>
          {!manage && <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{pick('只有具备联户分组权限的人员可以预览和确认分组。', 'Only staff with the pairing permission can preview and confirm.')}</Typography.Paragraph>}
        </Form>
      </Card>

      <ErrorAlert error={previewError} />
      {conflict && (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16, fontSize: 16 }}
          message={conflict.text(lang)}
          description={conflict.details.map((d) => (lang === 'en' ? d.reason_en || d.reason : d.reason)).join('；') || undefined}
          action={<Button icon={<ReloadOutlined />} onClick={() => runPreview(preview ? { departmentId: preview.department.id, regionIds: preview.regions.map((r) => r.id), ...preview.options } : undefined)}>{pick('重新预览', 'Preview again')}</Button>} />
      )}

      {preview && (
        <Card style={{ marginBottom: 16 }} data-testid="pair-preview"
          title={<span style={{ fontSize: 20 }}>{pick('分组预览', 'Preview')} · {preview.department.name}</span>}
          extra={manage ? <Button type="primary" size="large" icon={<CheckCircleOutlined />} loading={busy === 'confirm'} onClick={confirm}>{pick('确认分组', 'Confirm')}</Button> : null}
          styles={{ body: { padding: phone ? 12 : 20 } }}>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {pick('包联区域：', 'Regions: ')}{preview.regions.map((r) => r.name).join('、')}
            {pick(`；每组 ${preview.options.groupSize} 人，老带新 ${preview.options.experiencedYears} 年`, `; ${preview.options.groupSize} per group, experienced ≥ ${preview.options.experiencedYears} yrs`)}
          </Typography.Paragraph>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}><Statistic title={pick('联户组', 'Groups')} value={preview.groups.length} /></Col>
            <Col xs={12} md={6}><Statistic title={pick('已分组住户', 'Households assigned')} value={preview.coverage.assigned} suffix={`/ ${preview.coverage.households}`} /></Col>
            <Col xs={12} md={6}><Statistic title={pick('每组户数', 'Per group')} value={`${preview.coverage.minLoad}–${preview.coverage.maxLoad}`}
              suffix={<span style={{ fontSize: 14, color: '#666' }}>{pick(`平均 ${preview.coverage.meanLoad.toFixed(1)}`, `mean ${preview.coverage.meanLoad.toFixed(1)}`)}</span>} /></Col>
            <Col xs={12} md={6}>{firstTime
              ? <Statistic title={pick('首次分组的住户', 'Households grouped for the first time')} value={preview.coverage.assigned} />
              : <Statistic title={pick('需调整的住户', 'Households that move')} value={preview.moved} valueStyle={{ color: preview.moved ? '#d48806' : undefined }} />}</Col>
          </Row>

          <Typography.Title level={4} style={{ fontSize: 18 }}>{pick('规则报告', 'Rule report')}</Typography.Title>
          <div data-testid="pair-rules">
            {preview.problems.map((p) => <Alert key={p} type="error" showIcon style={{ marginBottom: 8 }} message={half(p, lang)} />)}
            {relaxedGroups.length === 0 ? (
              <Alert type="success" showIcon style={{ marginBottom: 12 }} message={pick('每个组都满足党员带非党、老带新、当地带外地。', 'Every group meets all three composition rules.')} />
            ) : (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }}
                message={pick(`${relaxedGroups.length} 个组放宽了组成规则`, `${relaxedGroups.length} groups relaxed a rule`)}
                description={<ul style={{ margin: 0, paddingInlineStart: 20, fontSize: 16 }}>
                  {relaxedGroups.flatMap((g) => g.relaxed.map((r) => (
                    <li key={`${g.id}-${r.rule}`}>
                      <b>{groupLabel(g)}</b>（{g.cadres.map((c) => c.name).join('、')}）{pick('放宽', ' relaxed ')}
                      「{lang === 'en' ? RULE_EN[r.rule] ?? r.label : r.label}」：{half(r.reason, lang)}
                    </li>
                  )))}
                </ul>} />
            )}
          </div>

          <Typography.Title level={4} style={{ fontSize: 18, marginTop: 8 }}>{pick('联户组', 'Groups')}</Typography.Title>
          {phone ? (
            <List dataSource={preview.groups} renderItem={(g) => (
              <Card key={g.id} size="small" style={{ marginBottom: 10 }} styles={{ body: { padding: 12 } }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                  <b style={{ fontSize: 17 }}>{groupLabel(g)}</b>
                  {g.isNew ? <Tag color="blue">{pick('新组', 'New')}</Tag> : <Tag>{pick('原有组', 'Kept')}</Tag>}
                </div>
                <div style={{ margin: '6px 0', fontSize: 16 }}>{g.cadres.map((c) => c.name).join('、')}</div>
                <div style={{ fontSize: 15, color: '#555' }}>{pick(`${g.households} 户，重点户 ${g.priority}`, `${g.households} households, ${g.priority} priority`)} · {g.grids.map(gridName).join('、')}</div>
                <div style={{ marginTop: 6 }}><RuleCell g={g} /></div>
              </Card>
            )} />
          ) : (
            <Table<PreviewGroup> rowKey="id" size="middle" columns={groupColumns} dataSource={preview.groups}
              pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 960 }} />
          )}

          <Typography.Title level={4} style={{ fontSize: 18, marginTop: 16 }}>{pick('覆盖报告', 'Coverage report')}</Typography.Title>
          <div data-testid="pair-coverage">
            {preview.coverage.unassigned.length === 0 ? (
              <Alert type="success" showIcon style={{ marginBottom: 8 }} message={pick(`无漏户：${preview.coverage.households} 户全部有联户组`, `No household missed: all ${preview.coverage.households} have a group`)} />
            ) : (
              <Alert type="error" showIcon style={{ marginBottom: 8 }}
                message={pick(`${preview.coverage.unassigned.length} 户没有联户组`, `${preview.coverage.unassigned.length} households without a group`)}
                description={<ReasonList items={preview.coverage.unassigned} label={(id) => pick(`住户 #${id}`, `household #${id}`)} />} />
            )}
            {preview.coverage.cadresWithoutGroup.length > 0 && (
              <Alert type="info" showIcon style={{ marginBottom: 8 }}
                message={pick(`${preview.coverage.cadresWithoutGroup.length} 名干部未编入联户组`, `${preview.coverage.cadresWithoutGroup.length} cadres without a group`)}
                description={<ReasonList items={preview.coverage.cadresWithoutGroup} label={cadreName} />} />
            )}
            {(preview.coverage.overloaded.length > 0 || preview.coverage.underloaded.length > 0) && (
              <Alert type="warning" showIcon style={{ marginBottom: 8 }}
                message={pick('户数不均衡的组', 'Groups out of balance')}
                description={<div style={{ fontSize: 16 }}>
                  {preview.coverage.overloaded.length > 0 && <div>{pick('偏多：', 'Over: ')}{preview.coverage.overloaded.map((id) => { const g = groupById(id); return g ? `${groupLabel(g)}（${g.households}）` : id; }).join('、')}</div>}
                  {preview.coverage.underloaded.length > 0 && <div>{pick('偏少：', 'Under: ')}{preview.coverage.underloaded.map((id) => { const g = groupById(id); return g ? `${groupLabel(g)}（${g.households}）` : id; }).join('、')}</div>}
                </div>} />
            )}
          </div>
        </Card>
      )}

      {scope && <CoverageCard coverage={coverage} phone={phone} />}
      {can(me, 'liaison.manage') && <LinkShapes />}
    </>
  );
}

function RuleCell({ g }: { g: PreviewGroup }) {
  const { pick, lang } = useI18n();
  if (!g.relaxed.length) return <Tag color="green" style={{ fontSize: 14 }}>{pick('三项规则均满足', 'All rules met')}</Tag>;
  return (
    <Space direction="vertical" size={2}>
      {g.relaxed.map((r) => (
        <div key={r.rule} style={{ whiteSpace: 'normal', maxWidth: 300 }}>
          <Tag color="orange" icon={<WarningOutlined />} style={{ fontSize: 14 }}>{pick('放宽', 'Relaxed')}：{lang === 'en' ? RULE_EN[r.rule] ?? r.label : r.label}</Tag>
          <div><Typography.Text type="secondary" style={{ fontSize: 14 }}>{half(r.reason, lang)}</Typography.Text></div>
        </div>
      ))}
    </Space>
  );
}

/** Items that share a reason are listed together: "不在任何网格内：#1、#2". */
function ReasonList({ items, label }: { items: { id: number; reason: string }[]; label: (id: number) => string }) {
  const { lang, pick } = useI18n();
  const by = new Map<string, number[]>();
  for (const i of items) by.set(i.reason, [...(by.get(i.reason) ?? []), i.id]);
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20, fontSize: 16 }}>
      {[...by].map(([reason, ids]) => (
        <li key={reason}>{half(reason, lang)}：{ids.slice(0, 20).map(label).join('、')}{ids.length > 20 ? pick(` 等 ${ids.length} 个`, ` and ${ids.length - 20} more`) : ''}</li>
      ))}
    </ul>
  );
}

function CoverageCard({ coverage, phone }: { coverage: ReturnType<typeof useLoad<Coverage | undefined>>; phone: boolean }) {
  const { pick } = useI18n();
  const c = coverage.data;
  const max = Math.max(1, ...(c?.groups ?? []).map((g) => g.households));
  return (
    <Card data-testid="pair-current" title={<span style={{ fontSize: 20 }}>{pick('当前覆盖情况（无漏户检查）', 'Current coverage (no household missed)')}</span>}
      extra={<Button icon={<ReloadOutlined />} onClick={coverage.reload}>{pick('刷新', 'Reload')}</Button>} styles={{ body: { padding: phone ? 12 : 20 } }}>
      <ErrorAlert error={coverage.error} onRetry={coverage.reload} />
      {coverage.loading && !c ? <Skeleton active /> : c ? (
        <>
          {c.householdsWithoutGroup.length === 0 ? (
            <Alert type="success" showIcon style={{ marginBottom: 12, fontSize: 16 }} message={pick('无漏户：所选区域的每一户都已有联户组', 'No household missed: every household of the regions has a group')} />
          ) : (
            <Alert type="error" showIcon style={{ marginBottom: 12 }}
              message={pick(`有 ${c.householdsWithoutGroup.length}${c.householdsWithoutGroup.length >= 500 ? '+' : ''} 户没有联户组`, `${c.householdsWithoutGroup.length} households without a group`)}
              description={<div style={{ maxHeight: 200, overflow: 'auto', fontSize: 16 }}>{c.householdsWithoutGroup.map((h) => h.address).join('、')}</div>} />
          )}
          {c.cadresWithoutGroup.length > 0 ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }}
              message={pick(`${c.cadresWithoutGroup.length} 名干部未编入联户组`, `${c.cadresWithoutGroup.length} cadres without a group`)}
              description={<Space size={[4, 4]} wrap>{c.cadresWithoutGroup.map((x) => <Tag key={x.id} style={{ fontSize: 15 }}>{x.name}</Tag>)}</Space>} />
          ) : c.groups.length > 0 ? (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} message={pick('本部门每名干部都已编入联户组', 'Every cadre of the department is in a group')} />
          ) : null}
          {c.groups.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick('本部门还没有联户组', 'The department has no groups yet')} /> : (
            <Table rowKey="id" size="middle" dataSource={c.groups} pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: pick('联户组', 'Group'), dataIndex: 'name', key: 'name', render: (v: string) => <b>{v}</b> },
                { title: pick('户数', 'Households'), dataIndex: 'households', key: 'households', width: phone ? 160 : 360,
                  render: (v: number) => (
                    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                      <div style={{ flex: 1, height: 12, background: '#f0f0f0', borderRadius: 6 }}>
                        <div style={{ width: `${(v / max) * 100}%`, height: 12, background: v === 0 ? RED : '#1677ff', borderRadius: 6 }} />
                      </div>
                      <span style={{ minWidth: 36, textAlign: 'right' }}>{v}</span>
                    </div>
                  ) },
              ]} />
          )}
        </>
      ) : null}
    </Card>
  );
}
