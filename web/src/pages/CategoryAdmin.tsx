// 诉求分类与派单规则: the categories a request is filed under (with the department that takes
// it by default and its reply limits) and the routing table that sends a category's requests
// in one region to another department. Everyone who reads requests sees both; the
// administrator (category.manage) adds and edits them. Edits send the version they read, so a
// change someone else saved in between comes back as 409 and the user is asked to reload.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Alert, App, Button, Card, Drawer, Empty, Form, Grid, Input, InputNumber, List, Popconfirm, Select, Space, Switch,
  Table, Tabs, Tag, Typography, type FormInstance, type TableColumnsType,
} from 'antd';
import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, TagsOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader, RegionPicker, showFieldErrors } from '../components/ui.tsx';
import { useDepartments, useLoad, type Department } from '../components/data.ts';

interface Category {
  id: number; code: string; name: string; nameEn: string | null; covers: string | null; departmentCode: string;
  replyLimit: string; urgentLimit: string; active: boolean; sort: number; version: number;
}
interface Rule {
  id: number; categoryId: number; categoryName: string | null; regionId: number; regionName: string | null;
  departmentId: number; departmentName: string | null; version: number;
}

/** The category's department is "the township the request lies in". */
const LOCAL = 'street-office';
const RED = '#b8262b';

type Unit = 'd' | 'h';
/** '7d' = 7 working days, '24h' = 24 hours (as the server's parseTimeLimit reads them). */
function parseLimit(s: string | null | undefined): { amount: number; unit: Unit } | null {
  const m = /^(\d{1,3})\s*(d|h)$/.exec((s ?? '').trim());
  if (!m || +m[1] === 0) return null;
  return { amount: +m[1], unit: m[2] as Unit };
}

type PickFn = (zh: string, en: string) => string;
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e)));
const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === 'CONFLICT';

function limitText(s: string, pick: PickFn): string {
  const l = parseLimit(s);
  if (!l) return s || '—';
  return l.unit === 'd'
    ? pick(`${l.amount}个工作日`, `${l.amount} working day${l.amount === 1 ? '' : 's'}`)
    : pick(`${l.amount}小时`, `${l.amount} hour${l.amount === 1 ? '' : 's'}`);
}

const KIND_ORDER: Department['kind'][] = ['township', 'bureau', 'office', 'other'];
function kindLabel(k: Department['kind'], pick: PickFn): string {
  return {
    township: pick('乡镇（街道）', 'Townships'), bureau: pick('区直部门', 'Bureaus'),
    office: pick('办公室', 'Offices'), other: pick('其他单位', 'Other units'),
  }[k] ?? pick('其他单位', 'Other units');
}

/** Departments grouped by kind, valued by `key` (code for categories, id for rules). */
function departmentOptions<V extends string | number>(departments: Department[], key: (d: Department) => V, pick: PickFn) {
  return KIND_ORDER
    .map((k) => ({ label: kindLabel(k, pick), options: departments.filter((d) => (d.kind ?? 'other') === k).map((d) => ({ value: key(d), label: `${d.name}（${d.code}）` })) }))
    .filter((g) => g.options.length > 0);
}

export default function CategoryAdmin() {
  const { pick } = useI18n();
  const me = useMe();
  const admin = can(me, 'category.manage');
  const phone = !Grid.useBreakpoint().md;
  const [tab, setTab] = useState<'categories' | 'rules'>('categories');

  const categories = useLoad((signal) => api.get<Category[]>('/api/categories', undefined, signal), []);
  const rules = useLoad((signal) => api.get<Rule[]>('/api/routing-rules', undefined, signal), []);
  const departments = useDepartments();
  const [conflict, setConflict] = useState(false);
  const refresh = () => { setConflict(false); categories.reload(); rules.reload(); };

  return (
    <>
      <PageHeader title={pick('诉求分类与派单规则', 'Request categories and routing')}
        sub={pick('每个分类有默认承办部门和答复时限；派单规则可按区域改派到其他部门。',
          'Each category has a default department and reply limits; routing rules send it elsewhere in given regions.')} />
      {conflict && (
        <Alert type="warning" showIcon style={{ marginBottom: 16, fontSize: 16 }} role="alert"
          message={pick('已被他人修改，请刷新后重试', 'Someone else changed this; reload and try again')}
          action={<Button icon={<ReloadOutlined />} onClick={refresh}>{pick('刷新', 'Reload')}</Button>} />
      )}
      <ErrorAlert error={departments.error} onRetry={departments.reload} />
      <Tabs activeKey={tab} onChange={(k) => setTab(k as 'categories' | 'rules')} size="large"
        items={[
          {
            key: 'categories', label: <span><TagsOutlined /> {pick('诉求分类', 'Categories')}</span>,
            children: <CategoriesTab admin={admin} phone={phone} categories={categories} departments={departments.data ?? []}
              onConflict={() => setConflict(true)} onChanged={rules.reload} />,
          },
          {
            key: 'rules', label: <span><ApartmentOutlined /> {pick('派单规则', 'Routing rules')}</span>,
            children: <RulesTab admin={admin} phone={phone} rules={rules} categories={categories.data ?? []}
              departments={departments.data ?? []} onConflict={() => setConflict(true)} />,
          },
        ]} />
      {!admin && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 14 }}>
          {pick('只有系统管理员可以修改诉求分类和派单规则。', 'Only the system administrator can change categories and routing rules.')}
        </Typography.Paragraph>
      )}
    </>
  );
}

type Loaded<T> = ReturnType<typeof useLoad<T>>;

function useDepartmentName(departments: Department[]) {
  const { pick } = useI18n();
  const byCode = new Map(departments.map((d) => [d.code, d.name]));
  return (code: string): ReactNode => {
    if (code === LOCAL) return pick('属地乡镇（街道）', 'Local township (street)');
    const name = byCode.get(code);
    return name ?? <Typography.Text type="secondary">{code}</Typography.Text>;
  };
}

// ---------------------------------------------------------------- tab 1: categories

function CategoriesTab({ admin, phone, categories, departments, onConflict, onChanged }: {
  admin: boolean; phone: boolean; categories: Loaded<Category[]>; departments: Department[];
  onConflict: () => void; onChanged: () => void;
}) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const deptName = useDepartmentName(departments);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);
  const [q, setQ] = useState('');

  const list = (categories.data ?? []).filter((c) => !q
    || [c.name, c.nameEn ?? '', c.code, c.covers ?? ''].some((s) => s.toLowerCase().includes(q.toLowerCase())));

  const toggle = async (c: Category, active: boolean) => {
    setToggling(c.id);
    try {
      const saved = await api.patch<Category>(`/api/categories/${c.id}`, { version: c.version, active });
      categories.setData((rows) => rows?.map((x) => (x.id === saved.id ? saved : x)));
      message.success(active ? pick(`已启用“${c.name}”`, `“${c.nameEn || c.name}” enabled`) : pick(`已停用“${c.name}”`, `“${c.nameEn || c.name}” disabled`));
    } catch (e) {
      if (isConflict(e)) onConflict();
      else message.error(asError(e).text(lang));
    } finally { setToggling(null); }
  };

  const activeCell = (c: Category) => (admin
    ? <Switch checked={c.active} loading={toggling === c.id} onChange={(v, e) => { e.stopPropagation(); void toggle(c, v); }}
        checkedChildren={pick('启用', 'On')} unCheckedChildren={pick('停用', 'Off')} aria-label={pick('启用', 'Active')} />
    : c.active ? <Tag color="green" style={{ fontSize: 14 }}>{pick('启用', 'Active')}</Tag> : <Tag style={{ fontSize: 14 }}>{pick('停用', 'Disabled')}</Tag>);

  const columns: TableColumnsType<Category> = [
    { title: pick('名称', 'Name'), dataIndex: 'name', key: 'name',
      render: (_: unknown, c: Category) => (
        <div style={{ minWidth: 120 }}>
          <b style={{ color: c.active ? undefined : '#999' }}>{c.name}</b>
          {c.covers && <div><Typography.Text type="secondary" style={{ fontSize: 14 }} ellipsis={{ tooltip: c.covers }}>{c.covers}</Typography.Text></div>}
        </div>
      ) },
    { title: pick('英文名', 'English name'), dataIndex: 'nameEn', key: 'nameEn', render: (v: string | null) => v || '—' },
    { title: pick('编码', 'Code'), dataIndex: 'code', key: 'code', width: 150, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: pick('默认承办部门', 'Default department'), dataIndex: 'departmentCode', key: 'dept', render: (v: string) => deptName(v) },
    { title: pick('答复时限', 'Reply limit'), dataIndex: 'replyLimit', key: 'reply', width: 130, render: (v: string) => limitText(v, pick) },
    { title: pick('紧急时限', 'Urgent limit'), dataIndex: 'urgentLimit', key: 'urgent', width: 130, render: (v: string) => limitText(v, pick) },
    { title: pick('启用', 'Active'), dataIndex: 'active', key: 'active', width: 110, render: (_: unknown, c: Category) => activeCell(c) },
    { title: pick('排序', 'Order'), dataIndex: 'sort', key: 'sort', width: 80, align: 'right' },
    ...(admin ? [{ title: pick('操作', 'Action'), key: 'act', width: 110,
      render: (_: unknown, c: Category) => <Button icon={<EditOutlined />} onClick={() => setEditing(c)}>{pick('编辑', 'Edit')}</Button> }] : []),
  ];

  const empty = <Empty description={q ? pick('没有符合条件的分类', 'No matching category') : pick('还没有诉求分类', 'No categories yet')} />;

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 16, alignItems: 'center' }}>
        <Input.Search allowClear placeholder={pick('名称、编码或涵盖事项', 'Name, code or what it covers')} style={{ maxWidth: 360, flex: '1 1 220px' }}
          onChange={(e) => setQ(e.target.value.trim())} />
        <span style={{ flex: '1 1 auto' }} />
        {admin && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{pick('新增分类', 'Add category')}</Button>}
      </div>
      <ErrorAlert error={categories.error} onRetry={categories.reload} />
      {phone ? (
        <List loading={categories.loading} dataSource={list} locale={{ emptyText: empty }}
          renderItem={(c) => (
            <Card key={c.id} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }}
              hoverable={admin} onClick={admin ? () => setEditing(c) : undefined}>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
                <div style={{ minWidth: 0 }}>
                  <div style={{ fontSize: 18, fontWeight: 600, color: c.active ? undefined : '#999' }}>{c.name}</div>
                  <div style={{ fontSize: 14, color: '#666' }}>{[c.nameEn, c.code].filter(Boolean).join(' · ')}</div>
                </div>
                <span onClick={(e) => e.stopPropagation()}>{activeCell(c)}</span>
              </div>
              {c.covers && <div style={{ fontSize: 14, color: '#666', marginTop: 6 }}>{c.covers}</div>}
              <div style={{ fontSize: 16, marginTop: 8 }}>{pick('承办：', 'Department: ')}{deptName(c.departmentCode)}</div>
              <div style={{ fontSize: 16, marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}>
                <span>{pick('答复', 'Reply')} <b>{limitText(c.replyLimit, pick)}</b></span>
                <span>{pick('紧急', 'Urgent')} <b style={{ color: RED }}>{limitText(c.urgentLimit, pick)}</b></span>
                <span style={{ color: '#999' }}>{pick('排序', 'Order')} {c.sort}</span>
              </div>
              {admin && (
                <div style={{ marginTop: 10, textAlign: 'right' }}>
                  <Button icon={<EditOutlined />} onClick={(e) => { e.stopPropagation(); setEditing(c); }}>{pick('编辑', 'Edit')}</Button>
                </div>
              )}
            </Card>
          )} />
      ) : (
        <Table<Category> rowKey="id" columns={columns} dataSource={list} loading={categories.loading} size="middle"
          pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: empty }} scroll={{ x: 'max-content' }} />
      )}
      {admin && (
        <CategoryDrawer editing={editing} phone={phone} departments={departments}
          nextSort={Math.max(0, ...(categories.data ?? []).map((c) => c.sort)) + 1}
          onClose={() => setEditing(null)} onFresh={(c) => { setEditing(c); categories.reload(); }}
          onSaved={(c, created) => {
            setEditing(null);
            message.success(created ? pick(`已新增“${c.name}”`, `“${c.nameEn || c.name}” added`) : pick(`已保存“${c.name}”`, `“${c.nameEn || c.name}” saved`));
            categories.reload();
            onChanged();
          }} />
      )}
    </>
  );
}

interface CategoryValues {
  code: string; name: string; nameEn: string; covers: string; departmentCode: string;
  replyLimit: string; urgentLimit: string; active: boolean; sort: number | null;
}

function CategoryDrawer({ editing, phone, departments, nextSort, onClose, onSaved, onFresh }: {
  editing: Category | 'new' | null; phone: boolean; departments: Department[]; nextSort: number;
  onClose: () => void; onSaved: (c: Category, created: boolean) => void; onFresh: (c: Category) => void;
}) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const c = editing && editing !== 'new' ? editing : null;
  // Each reload starts the form afresh, even if the saved version turns out unchanged.
  const [round, setRound] = useState(0);
  const reload = async () => {
    if (!c) return;
    try { onFresh(await api.get<Category>(`/api/categories/${c.id}`)); setRound((n) => n + 1); }
    catch (e) { message.error(asError(e).text(lang)); onClose(); }
  };
  return (
    <Drawer open={editing !== null} onClose={onClose} width={phone ? '100%' : 560} destroyOnHidden
      title={c ? pick(`编辑分类：${c.name}`, `Edit category: ${c.nameEn || c.name}`) : pick('新增诉求分类', 'Add a request category')}>
      {editing !== null && (
        /* Remount on a new version: after "reload" the form must start from what is saved now. */
        <CategoryForm key={c ? `${c.id}-${c.version}-${round}` : 'new'} category={c} departments={departments} nextSort={nextSort}
          onCancel={onClose} onSaved={onSaved} onReload={reload} />
      )}
    </Drawer>
  );
}

interface FormProblem { text: string; conflict: boolean; rest: string[] }

/** The error box at the top of a form: a 409 says "reload", anything else lists what matched no field. */
function ProblemAlert({ problem, onReload }: { problem: FormProblem | null; onReload?: () => void }) {
  const { pick } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { if (problem) ref.current?.scrollIntoView({ block: 'nearest' }); }, [problem]);
  return (
    <div ref={ref}>
      {problem && (
        <Alert type={problem.conflict ? 'warning' : 'error'} showIcon role="alert" style={{ marginBottom: 16 }} message={problem.text}
          description={problem.rest.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{problem.rest.map((r) => <li key={r}>{r}</li>)}</ul> : undefined}
          action={problem.conflict && onReload ? <Button icon={<ReloadOutlined />} onClick={onReload}>{pick('刷新', 'Reload')}</Button> : undefined} />
      )}
    </div>
  );
}

/** Turns a failed save into field errors plus the general message. */
function problemOf(form: FormInstance, e: unknown, lang: 'zh' | 'en', pick: PickFn, duplicate: { field: string; zh: string; en: string }): FormProblem {
  if (isConflict(e)) return { text: pick('已被他人修改，请刷新后重试', 'Someone else changed this; reload and try again'), conflict: true, rest: [] };
  const err = asError(e);
  let rest = showFieldErrors(form, err, lang);
  if (err.code === 'DUPLICATE') {
    // The unique constraint names a column (categories_code), not the form's field.
    form.setFields([{ name: duplicate.field, errors: [pick(duplicate.zh, duplicate.en)] }]);
    rest = [];
  }
  return { text: err.text(lang), conflict: false, rest };
}

function CategoryForm({ category, departments, nextSort, onCancel, onSaved, onReload }: {
  category: Category | null; departments: Department[]; nextSort: number;
  onCancel: () => void; onSaved: (c: Category, created: boolean) => void; onReload: () => void;
}) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm<CategoryValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const initial: CategoryValues = category
    ? { code: category.code, name: category.name, nameEn: category.nameEn ?? '', covers: category.covers ?? '', departmentCode: category.departmentCode,
        replyLimit: category.replyLimit, urgentLimit: category.urgentLimit, active: category.active, sort: category.sort }
    : { code: '', name: '', nameEn: '', covers: '', departmentCode: LOCAL, replyLimit: '7d', urgentLimit: '24h', active: true, sort: nextSort };

  const save = async (v: CategoryValues) => {
    const body: Record<string, unknown> = {
      code: v.code.trim(), name: v.name.trim(), nameEn: v.nameEn?.trim() || null, covers: v.covers?.trim() || null,
      departmentCode: v.departmentCode, replyLimit: v.replyLimit, urgentLimit: v.urgentLimit, active: v.active, sort: v.sort ?? 0,
    };
    setBusy(true);
    setProblem(null);
    try {
      if (category) {
        // Send only what changed: a narrower PATCH collides less with other people's edits.
        const before: Record<string, unknown> = { ...category, nameEn: category.nameEn || null, covers: category.covers || null };
        const changed = Object.fromEntries(Object.entries(body).filter(([k, x]) => x !== before[k]));
        if (Object.keys(changed).length === 0) { onCancel(); return; }
        onSaved(await api.patch<Category>(`/api/categories/${category.id}`, { version: category.version, ...changed }), false);
      } else {
        onSaved(await api.post<Category>('/api/categories', body), true);
      }
    } catch (e) {
      setProblem(problemOf(form, e, lang, pick, { field: 'code', zh: '已有相同编码的分类', en: 'A category with this code already exists' }));
    } finally { setBusy(false); }
  };

  const required = { required: true, whitespace: true, message: pick('必填', 'Required') };
  const limitRule = {
    validator: (_: unknown, v: string) => (!v || parseLimit(v) ? Promise.resolve()
      : Promise.reject(new Error(pick('请填写 1–999 之间的整数', 'Enter a whole number from 1 to 999')))),
  };

  return (
    <Form<CategoryValues> form={form} layout="vertical" size="large" initialValues={initial} onFinish={save} scrollToFirstError requiredMark>
      <ProblemAlert problem={problem} onReload={onReload} />
      <Form.Item name="name" label={pick('名称', 'Name')} rules={[required, { max: 40, message: pick('最多 40 个字', 'At most 40 characters') }]}>
        <Input maxLength={40} placeholder={pick('如：供水供电', 'e.g. 供水供电')} />
      </Form.Item>
      <Form.Item name="nameEn" label={pick('英文名', 'English name')} rules={[{ max: 80, message: pick('最多 80 个字符', 'At most 80 characters') }]}>
        <Input maxLength={80} placeholder={pick('如：Water and power', 'e.g. Water and power')} />
      </Form.Item>
      <Form.Item name="code" label={pick('编码', 'Code')}
        extra={category ? pick('编码用于导入和对接，修改前请确认没有在用。', 'Imports and other systems use the code; make sure it is not in use before changing it.')
          : pick('小写字母、数字和连字符，2–40 位，如 water-power', 'Lowercase letters, digits and hyphens, 2–40 long, e.g. water-power')}
        rules={[required, { pattern: /^[a-z0-9-]{2,40}$/, message: pick('编码为 2–40 位小写字母、数字和连字符', '2–40 lowercase letters, digits and hyphens') }]}>
        <Input maxLength={40} autoCapitalize="off" autoCorrect="off" spellCheck={false} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
      </Form.Item>
      <Form.Item name="covers" label={pick('涵盖事项', 'What it covers')} rules={[{ max: 500, message: pick('最多 500 个字', 'At most 500 characters') }]}
        extra={pick('帮助受理人员选择分类，可不填。', 'Helps the intake staff choose; optional.')}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Form.Item name="departmentCode" label={pick('默认承办部门', 'Default department')} rules={[{ required: true, message: pick('请选择承办部门', 'Choose a department') }]}
        extra={pick('“属地乡镇（街道）”即诉求所在地的乡镇或街道。', '“Local township” is the township or street office where the request lies.')}>
        <DepartmentCodeSelect departments={departments} />
      </Form.Item>
      <Form.Item name="replyLimit" label={pick('答复时限', 'Reply limit')} rules={[{ required: true, message: pick('请填写时限', 'Enter a limit') }, limitRule]}
        extra={pick('工作日按工作日历计算，小时按自然时间计算。', 'Working days follow the working calendar; hours run on the clock.')}>
        <TimeLimitInput />
      </Form.Item>
      <Form.Item name="urgentLimit" label={pick('紧急时限', 'Urgent limit')} rules={[{ required: true, message: pick('请填写时限', 'Enter a limit') }, limitRule]}
        extra={pick('标为紧急的诉求按此时限答复。', 'Requests marked urgent are answered within this limit.')}>
        <TimeLimitInput />
      </Form.Item>
      <Space size={32} wrap align="start">
        <Form.Item name="active" label={pick('启用', 'Active')} valuePropName="checked"
          extra={pick('停用后受理时不再可选，已有诉求不受影响。', 'Disabled categories cannot be chosen for new requests.')} style={{ maxWidth: 280 }}>
          <Switch checkedChildren={pick('启用', 'On')} unCheckedChildren={pick('停用', 'Off')} />
        </Form.Item>
        <Form.Item name="sort" label={pick('排序', 'Order')} extra={pick('数字小的排在前面', 'Smaller numbers come first')}>
          <InputNumber precision={0} min={-9999} max={9999} style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={busy}>{pick('保存', 'Save')}</Button>
        <Button onClick={onCancel}>{pick('取消', 'Cancel')}</Button>
      </Space>
    </Form>
  );
}

function DepartmentCodeSelect({ value, onChange, id, departments }: {
  value?: string; onChange?: (v: string) => void; id?: string; departments: Department[];
}) {
  const { pick } = useI18n();
  const known = value === undefined || value === LOCAL || departments.some((d) => d.code === value);
  const options = [
    { label: pick('属地', 'Local'), options: [{ value: LOCAL, label: pick('属地乡镇（街道）', 'Local township (street)') }] },
    ...departmentOptions(departments, (d) => d.code, pick),
    // A code the list does not hold (departments not loaded, or removed) stays visible rather than blank.
    ...(known ? [] : [{ label: pick('其他', 'Other'), options: [{ value: value!, label: value! }] }]),
  ];
  return (
    <Select id={id} value={value} onChange={onChange} showSearch optionFilterProp="label" options={options}
      placeholder={pick('选择部门', 'Choose a department')} listHeight={360} />
  );
}

/** A number and a unit (工作日 / 小时), kept as the server's '7d' / '24h'. */
function TimeLimitInput({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { pick } = useI18n();
  const parsed = parseLimit(value);
  // The unit survives clearing the number, so it is kept here as well as in the value.
  const [unit, setUnit] = useState<Unit>(parsed?.unit ?? 'd');
  useEffect(() => { if (parsed) setUnit(parsed.unit); }, [parsed?.unit]);
  const amount = parsed?.amount ?? null;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber id={id} min={1} max={999} precision={0} value={amount} style={{ flex: 1 }} inputMode="numeric"
        onChange={(n) => onChange?.(n ? `${n}${unit}` : '')} />
      <Select<Unit> value={unit} style={{ width: 140 }} aria-label={pick('单位', 'Unit')}
        onChange={(u) => { setUnit(u); if (amount) onChange?.(`${amount}${u}`); }}
        options={[{ value: 'd', label: pick('工作日', 'working days') }, { value: 'h', label: pick('小时', 'hours') }]} />
    </Space.Compact>
  );
}

// ---------------------------------------------------------------- tab 2: routing rules

function RulesTab({ admin, phone, rules, categories, departments, onConflict }: {
  admin: boolean; phone: boolean; rules: Loaded<Rule[]>; categories: Category[]; departments: Department[]; onConflict: () => void;
}) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const deptName = useDepartmentName(departments);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const list = (rules.data ?? []).filter((r) => !categoryId || r.categoryId === categoryId);

  const remove = async (r: Rule) => {
    setRemoving(r.id);
    try {
      await api.del(`/api/routing-rules/${r.id}`, { version: r.version });
      message.success(pick('已删除派单规则', 'Routing rule deleted'));
      rules.reload();
    } catch (e) {
      if (isConflict(e)) onConflict();
      else message.error(asError(e).text(lang));
    } finally { setRemoving(null); }
  };

  const categoryCell = (r: Rule) => {
    const c = byId.get(r.categoryId);
    return (
      <div>
        <b>{r.categoryName ?? c?.name ?? `#${r.categoryId}`}</b>
        {c && <div style={{ fontSize: 14, color: '#888' }}>{pick('默认：', 'Default: ')}{deptName(c.departmentCode)}</div>}
      </div>
    );
  };
  const actions = (r: Rule) => (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={(e) => { e.stopPropagation(); setEditing(r); }}>{pick('编辑', 'Edit')}</Button>
      <Popconfirm title={pick('删除这条派单规则？', 'Delete this routing rule?')}
        description={pick('删除后，该分类在此区域按上级区域的规则或分类的默认承办部门派单。', 'The category then follows a rule for a higher region, or its default department.')}
        okText={pick('删除', 'Delete')} cancelText={pick('取消', 'Cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(r)}>
        <Button danger icon={<DeleteOutlined />} loading={removing === r.id} onClick={(e) => e.stopPropagation()}>{pick('删除', 'Delete')}</Button>
      </Popconfirm>
    </Space>
  );

  const columns: TableColumnsType<Rule> = [
    { title: pick('分类', 'Category'), key: 'category', render: (_: unknown, r: Rule) => categoryCell(r) },
    { title: pick('区域', 'Region'), dataIndex: 'regionName', key: 'region', render: (v: string | null, r: Rule) => v ?? `#${r.regionId}` },
    { title: pick('承办部门', 'Department'), dataIndex: 'departmentName', key: 'department',
      render: (v: string | null, r: Rule) => <b style={{ color: RED }}>{v ?? `#${r.departmentId}`}</b> },
    ...(admin ? [{ title: pick('操作', 'Action'), key: 'act', width: 220, render: (_: unknown, r: Rule) => actions(r) }] : []),
  ];

  const empty = <Empty description={categoryId ? pick('这个分类没有派单规则，按默认承办部门派单', 'No rules for this category: it goes to its default department')
    : pick('暂无派单规则：各分类均按默认承办部门派单', 'No routing rules: every category goes to its default department')} />;

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16, fontSize: 16 }}
        message={pick(
          '派单规则把某分类在某区域（含其下级区域）内的诉求派给指定部门，优先于分类的默认承办部门；多条规则都适用时，以最深一级区域的规则为准。',
          'A rule sends a category’s requests in a region (and everything below it) to a department, overriding the category’s default; when several rules apply, the deepest region wins.',
        )} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 16, alignItems: 'center' }}>
        <Select<number> allowClear showSearch optionFilterProp="label" value={categoryId ?? undefined} onChange={(v) => setCategoryId(v ?? null)}
          placeholder={pick('按分类筛选', 'Filter by category')} style={{ minWidth: 220, flex: '0 1 320px' }}
          options={categories.map((c) => ({ value: c.id, label: pick(c.name, c.nameEn || c.name) }))} />
        <span style={{ flex: '1 1 auto' }} />
        {admin && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{pick('新增规则', 'Add rule')}</Button>}
      </div>
      <ErrorAlert error={rules.error} onRetry={rules.reload} />
      {phone ? (
        <List loading={rules.loading} dataSource={list} locale={{ emptyText: empty }}
          renderItem={(r) => (
            <Card key={r.id} style={{ marginBottom: 12 }} styles={{ body: { padding: 14 } }}>
              <div style={{ fontSize: 18 }}>{categoryCell(r)}</div>
              <div style={{ fontSize: 16, marginTop: 8 }}>{pick('区域：', 'Region: ')}{r.regionName ?? `#${r.regionId}`}</div>
              <div style={{ fontSize: 16, marginTop: 4 }}>{pick('承办：', 'Department: ')}<b style={{ color: RED }}>{r.departmentName ?? `#${r.departmentId}`}</b></div>
              {admin && <div style={{ marginTop: 10, textAlign: 'right' }}>{actions(r)}</div>}
            </Card>
          )} />
      ) : (
        <Table<Rule> rowKey="id" columns={columns} dataSource={list} loading={rules.loading} size="middle"
          pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: empty }} />
      )}
      {admin && (
        <RuleDrawer editing={editing} phone={phone} categories={categories} departments={departments} defaultCategoryId={categoryId}
          onClose={() => setEditing(null)} onFresh={(r) => { setEditing(r); rules.reload(); }}
          onSaved={(created) => {
            setEditing(null);
            message.success(created ? pick('已新增派单规则', 'Routing rule added') : pick('已保存派单规则', 'Routing rule saved'));
            rules.reload();
          }} />
      )}
    </>
  );
}

interface RuleValues { categoryId: number | null; regionId: number | null; departmentId: number | null }

function RuleDrawer({ editing, phone, categories, departments, defaultCategoryId, onClose, onSaved, onFresh }: {
  editing: Rule | 'new' | null; phone: boolean; categories: Category[]; departments: Department[]; defaultCategoryId: number | null;
  onClose: () => void; onSaved: (created: boolean) => void; onFresh: (r: Rule) => void;
}) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const r = editing && editing !== 'new' ? editing : null;
  const [round, setRound] = useState(0);
  const reload = async () => {
    if (!r) return;
    try { onFresh({ ...r, ...(await api.get<Rule>(`/api/routing-rules/${r.id}`)) }); setRound((n) => n + 1); }
    catch (e) { message.error(asError(e).text(lang)); onClose(); }
  };
  return (
    <Drawer open={editing !== null} onClose={onClose} width={phone ? '100%' : 520} destroyOnHidden
      title={r ? pick('编辑派单规则', 'Edit routing rule') : pick('新增派单规则', 'Add a routing rule')}>
      {editing !== null && (
        <RuleForm key={r ? `${r.id}-${r.version}-${round}` : 'new'} rule={r} categories={categories} departments={departments}
          defaultCategoryId={defaultCategoryId} onCancel={onClose} onSaved={onSaved} onReload={reload} />
      )}
    </Drawer>
  );
}

function RuleForm({ rule, categories, departments, defaultCategoryId, onCancel, onSaved, onReload }: {
  rule: Rule | null; categories: Category[]; departments: Department[]; defaultCategoryId: number | null;
  onCancel: () => void; onSaved: (created: boolean) => void; onReload: () => void;
}) {
  const { pick, lang } = useI18n();
  const [form] = Form.useForm<RuleValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const deptName = useDepartmentName(departments);
  const watchedCategory = Form.useWatch('categoryId', form);
  const chosen = categories.find((c) => c.id === watchedCategory);
  const initial: RuleValues = rule
    ? { categoryId: rule.categoryId, regionId: rule.regionId, departmentId: rule.departmentId }
    : { categoryId: defaultCategoryId, regionId: null, departmentId: null };

  const save = async (v: RuleValues) => {
    setBusy(true);
    setProblem(null);
    try {
      if (rule) {
        const changed = Object.fromEntries(Object.entries(v).filter(([k, x]) => x !== rule[k as keyof RuleValues]));
        if (Object.keys(changed).length === 0) { onCancel(); return; }
        await api.patch(`/api/routing-rules/${rule.id}`, { version: rule.version, ...changed });
        onSaved(false);
      } else {
        await api.post('/api/routing-rules', v);
        onSaved(true);
      }
    } catch (e) {
      setProblem(problemOf(form, e, lang, pick, {
        field: 'regionId', zh: '这个分类在该区域已有规则，请编辑原规则', en: 'This category already has a rule for this region; edit that one',
      }));
    } finally { setBusy(false); }
  };

  const categoryOptions = categories.map((c) => ({
    value: c.id, label: `${pick(c.name, c.nameEn || c.name)}${c.active ? '' : pick('（已停用）', ' (disabled)')}`,
  }));

  return (
    <Form<RuleValues> form={form} layout="vertical" size="large" initialValues={initial} onFinish={save} scrollToFirstError>
      <ProblemAlert problem={problem} onReload={onReload} />
      <Form.Item name="categoryId" label={pick('分类', 'Category')} rules={[{ required: true, message: pick('请选择分类', 'Choose a category') }]}
        extra={chosen ? <span>{pick('默认承办部门：', 'Default department: ')}{deptName(chosen.departmentCode)}</span> : undefined}>
        <Select showSearch optionFilterProp="label" options={categoryOptions} placeholder={pick('选择分类', 'Choose a category')} listHeight={360} />
      </Form.Item>
      <Form.Item name="regionId" label={pick('区域', 'Region')} rules={[{ required: true, message: pick('请选择区域', 'Choose a region') }]}
        extra={pick('对该区域及其下级区域的诉求都生效。', 'Applies to requests in this region and every region below it.')}>
        <RegionPicker style={{ width: '100%' }} placeholder={pick('选择区域', 'Choose a region')} />
      </Form.Item>
      <Form.Item name="departmentId" label={pick('承办部门', 'Department')} rules={[{ required: true, message: pick('请选择承办部门', 'Choose a department') }]}>
        <Select showSearch optionFilterProp="label" options={departmentOptions(departments, (d) => d.id, pick)}
          placeholder={pick('选择部门', 'Choose a department')} listHeight={360} />
      </Form.Item>
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" htmlType="submit" loading={busy}>{pick('保存', 'Save')}</Button>
        <Button onClick={onCancel}>{pick('取消', 'Cancel')}</Button>
      </Space>
    </Form>
  );
}
