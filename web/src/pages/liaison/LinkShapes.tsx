// The reports' other shapes beside cadre groups, on the pairing page: party members linked with
// the households of their grid (党员联户), and one cadre ↔ one party member ↔ one hardship household
// (一对一对一, Donggang). Preview first; confirm writes only what changed.
import { useState } from 'react';
import { App, Alert, Button, Card, Col, Form, Modal, Row, Segmented, Select, Space, Statistic, Table, TreeSelect, Typography } from 'antd';
import { CheckCircleOutlined, EyeOutlined } from '@ant-design/icons';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { useDepartments, useRegionTree, type RegionNode } from '../../components/data.ts';
import { ErrorAlert } from '../../components/ui.tsx';
import { asError, half } from './shared.tsx';
import type { ApiError } from '../../api.ts';

type Shape = 'party_member' | 'triad';
interface LinkPreview {
  households: number; members: number; cadres?: number; linked: number; maxLoad: number; meanLoad?: number; moved: number;
  unlinked: { id: number; address: string | null; reason: string }[]; notes?: string[]; changed?: number;
  sample: { householdId: number; address: string; member: { id: number; name: string } | null; cadre: { id: number; name: string } | null }[];
}
interface TreeOption { value: number; title: string; children?: TreeOption[] }
const toOptions = (nodes: RegionNode[] | undefined): TreeOption[] =>
  (nodes ?? []).map((n) => ({ value: n.id, title: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));
const HARDSHIP = ['困难户', '低保户', '特困户', '重病', '残疾'];

export default function LinkShapes() {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [shape, setShape] = useState<Shape>('party_member');
  const [result, setResult] = useState<LinkPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const regions = useRegionTree();
  const departments = useDepartments();

  const body = async () => {
    const v = await form.validateFields();
    return { shape, regionIds: v.regionIds, departmentId: shape === 'triad' ? v.departmentId : undefined, tags: shape === 'triad' ? v.tags : undefined };
  };
  const run = async (confirm: boolean) => {
    let b;
    try { b = await body(); } catch { return; }   // the form shows what is missing
    setBusy(true); setError(null);
    try {
      const r = await api.post<LinkPreview>(`/api/liaison-links/${confirm ? 'confirm' : 'preview'}`, b);
      setResult(r);
      if (confirm) message.success(pick(`已写入，${r.changed ?? 0} 户变更`, `Written: ${r.changed ?? 0} households changed`));
    } catch (e) { setError(asError(e)); } finally { setBusy(false); }
  };
  const confirm = () => Modal.confirm({
    title: pick('确认写入联户关系？', 'Write these links?'), okText: pick('确认写入', 'Confirm'), cancelText: pick('取消', 'Cancel'),
    content: pick('将重新计算并只写入有变化的住户，原有关系尽量保持不变。', 'They are computed again and only changed households are written; existing links are kept where possible.'),
    onOk: () => run(true),
  });

  return (
    <Card title={pick('其他联户形式', 'Other shapes of the network')} style={{ marginTop: 16 }} data-testid="link-shapes">
      <Segmented value={shape} onChange={(v) => { setShape(v as Shape); setResult(null); }} style={{ marginBottom: 16 }} options={[
        { value: 'party_member', label: pick('党员联户', 'Party members ↔ households') },
        { value: 'triad', label: pick('一对一对一（干部·党员·困难户）', 'Cadre · member · hardship household') },
      ]} />
      <Typography.Paragraph type="secondary">
        {shape === 'party_member'
          ? pick('每户与本网格内就近的一名党员联系，每名党员联系的户数尽量均衡。', 'Each household is linked with a nearby party member of its grid, loads kept even.')
          : pick('每户困难户结对一名部门干部和一名本网格党员，干部尽量一人一户。', 'Each hardship household gets a cadre of the department and a party member of its grid, one household a cadre where possible.')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ regionIds: [], tags: HARDSHIP }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="regionIds" label={pick('区域', 'Regions')} rules={[{ required: true, type: 'array', min: 1, message: pick('请选择区域', 'Choose regions') }]}>
              <TreeSelect multiple treeCheckable={false} showSearch treeNodeFilterProp="title" treeData={toOptions(regions.data)} placeholder={pick('选择社区、村或网格', 'Choose communities, villages or grids')} />
            </Form.Item>
          </Col>
          {shape === 'triad' && (
            <>
              <Col xs={24} md={6}>
                <Form.Item name="departmentId" label={pick('干部所在部门', 'Cadres’ department')} rules={[{ required: true, message: pick('请选择部门', 'Choose a department') }]}>
                  <Select showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="tags" label={pick('困难户标签', 'Hardship tags')}>
                  <Select mode="tags" options={HARDSHIP.map((t) => ({ value: t, label: t }))} />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <Space>
          <Button icon={<EyeOutlined />} onClick={() => run(false)} loading={busy}>{pick('预览', 'Preview')}</Button>
          <Button type="primary" icon={<CheckCircleOutlined />} onClick={confirm} disabled={!result} loading={busy}>{pick('确认写入', 'Confirm')}</Button>
        </Space>
      </Form>
      <ErrorAlert error={error} />
      {result && (
        <div style={{ marginTop: 16 }} data-testid="link-result">
          <Row gutter={16}>
            <Col xs={12} md={6}><Statistic title={pick('已联系 / 住户', 'Linked / households')} value={`${result.linked} / ${result.households}`} /></Col>
            <Col xs={12} md={6}><Statistic title={pick('党员', 'Party members')} value={result.members} /></Col>
            <Col xs={12} md={6}><Statistic title={shape === 'triad' ? pick('每名干部最多', 'Most per cadre') : pick('每名党员最多', 'Most per member')} value={result.maxLoad} suffix={pick('户', '')} /></Col>
            <Col xs={12} md={6}><Statistic title={pick('变动户数', 'Moved')} value={result.moved} /></Col>
          </Row>
          {(result.notes ?? []).map((n) => <Alert key={n} type="warning" showIcon style={{ marginTop: 12 }} message={half(n, lang)} />)}
          {result.unlinked.length > 0 && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} message={pick(`${result.unlinked.length} 户未能联系`, `${result.unlinked.length} households not linked`)}
              description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{result.unlinked.slice(0, 10).map((u) => <li key={u.id}>{u.address ?? u.id}：{half(u.reason, lang)}</li>)}</ul>} />
          )}
          <Table style={{ marginTop: 12 }} size="small" rowKey="householdId" pagination={{ pageSize: 10 }} dataSource={result.sample} columns={[
            { title: pick('住户', 'Household'), dataIndex: 'address' },
            { title: pick('联系党员', 'Party member'), render: (_: unknown, r: LinkPreview['sample'][number]) => r.member?.name ?? '—' },
            ...(shape === 'triad' ? [{ title: pick('结对干部', 'Cadre'), render: (_: unknown, r: LinkPreview['sample'][number]) => r.cadre?.name ?? '—' }] : []),
          ]} />
        </div>
      )}
    </Card>
  );
}
