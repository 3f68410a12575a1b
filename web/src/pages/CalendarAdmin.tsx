// 工作日历: the holidays (休) and make-up working days (班) that every deadline counts with.
// Everyone sees which years are known, a year's special days and a working-day calculator;
// the administrator (calendar.manage) also sets or takes back single days and imports a whole
// year's arrangement from the State Council notice.
import { useState, type ReactNode } from 'react';
import {
  Alert, App, Button, Card, Col, DatePicker, Empty, Form, Grid, Input, InputNumber, List, Popconfirm, Radio, Row, Segmented,
  Space, Table, Tag, Typography, type TableColumnsType,
} from 'antd';
import { CalculatorOutlined, CalendarOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, request } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader, showFieldErrors } from '../components/ui.tsx';
import { useLoad } from '../components/data.ts';

type Kind = 'holiday' | 'workday' | 'normal';
interface Day { date: string; kind: Kind; name: string | null; source: 'base' | 'admin' }
interface YearDays { year: number; known: boolean; days: Day[] }
interface Status { years: number[]; missing: number[]; message: string | null }
interface ImportResult { years: number[]; days: number; takenBack: number }
interface AddResult { from: string; days: number; date: string }

const FMT = 'YYYY-MM-DD';
const RED = '#b8262b';
const WEEK_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEK_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (date: string) => new Date(`${date}T12:00:00`).getDay();
const isWeekend = (date: string) => [0, 6].includes(weekday(date));

const PLACEHOLDER = [
  '日期,类型,名称',
  '2027-01-01,休,元旦',
  '2027-02-06~2027-02-12,休,春节',
  '2027-02-14,班,春节',
  '2027-04-05,休,清明节',
].join('\n');

export default function CalendarAdmin() {
  const { pick, lang } = useI18n();
  const me = useMe();
  const admin = can(me, 'calendar.manage');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);

  const status = useLoad((signal) => api.get<Status>('/api/calendar/status', undefined, signal), []);
  const days = useLoad((signal) => api.get<YearDays>(`/api/calendar/years/${year}`, undefined, signal), [year]);
  const refresh = () => { status.reload(); days.reload(); };

  const week = (date: string) => (lang === 'en' ? WEEK_EN : WEEK_ZH)[weekday(date)];
  const kindTag = (k: Kind) => ({
    holiday: <Tag color="red" style={{ fontSize: 15, padding: '2px 10px' }}>{pick('休', 'Holiday')}</Tag>,
    workday: <Tag color="blue" style={{ fontSize: 15, padding: '2px 10px' }}>{pick('班', 'Working day')}</Tag>,
    normal: <Tag style={{ fontSize: 15, padding: '2px 10px' }}>{pick('恢复为普通日', 'Back to normal')}</Tag>,
  }[k]);
  const sourceTag = (s: Day['source']) => (s === 'admin'
    ? <Tag color="gold" style={{ fontSize: 14 }}>{pick('管理员', 'Administrator')}</Tag>
    : <Tag style={{ fontSize: 14 }}>{pick('基础数据', 'Base data')}</Tag>);

  // ---- delete an administrator's entry
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (date: string) => {
    setRemoving(date);
    try {
      await api.del(`/api/calendar/days/${date}`);
      message.success(pick(`已撤销 ${date} 的设置`, `Entry for ${date} removed`));
      refresh();
    } catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
    finally { setRemoving(null); }
  };
  const deleteButton = (d: Day) => (admin && d.source === 'admin' ? (
    <Popconfirm title={pick('撤销这一天的设置？', 'Remove this entry?')}
      description={pick('撤销后按基础数据或普通周末计算。', 'The base data or the weekday rule applies again.')}
      okText={pick('撤销', 'Remove')} cancelText={pick('取消', 'Cancel')} onConfirm={() => remove(d.date)}>
      <Button danger icon={<DeleteOutlined />} loading={removing === d.date} onClick={(e) => e.stopPropagation()}>{pick('撤销', 'Remove')}</Button>
    </Popconfirm>
  ) : null);

  const columns: TableColumnsType<Day> = [
    { title: pick('日期', 'Date'), dataIndex: 'date', key: 'date', width: 140, render: (v: string) => <b>{v}</b> },
    { title: pick('星期', 'Weekday'), key: 'week', width: 110,
      render: (_: unknown, d: Day) => <span style={{ color: isWeekend(d.date) ? RED : undefined }}>{week(d.date)}</span> },
    { title: pick('类型', 'Kind'), dataIndex: 'kind', key: 'kind', width: 150, render: (k: Kind) => kindTag(k),
      filters: [
        { text: pick('休', 'Holiday'), value: 'holiday' }, { text: pick('班', 'Working day'), value: 'workday' },
        { text: pick('恢复为普通日', 'Back to normal'), value: 'normal' },
      ],
      onFilter: (v, d) => d.kind === v },
    { title: pick('名称', 'Name'), dataIndex: 'name', key: 'name', render: (v: string | null) => v ?? '—' },
    { title: pick('来源', 'Source'), dataIndex: 'source', key: 'source', width: 130, render: (s: Day['source']) => sourceTag(s) },
    ...(admin ? [{ title: pick('操作', 'Action'), key: 'act', width: 120, render: (_: unknown, d: Day) => deleteButton(d) }] : []),
  ];

  const list = days.data?.days ?? [];
  const holidays = list.filter((d) => d.kind === 'holiday').length;
  const workdays = list.filter((d) => d.kind === 'workday').length;
  const missing = status.data?.missing ?? [];
  const yearsKnown = status.data?.years ?? [];
  const statusNote = status.data?.message?.split('|');

  return (
    <>
      <PageHeader title={pick('工作日历', 'Working calendar')}
        sub={pick('答复、接单等期限按工作日计算，节假日和调休以此为准。', 'Deadlines count working days; holidays and make-up days come from here.')} />

      <ErrorAlert error={status.error} onRetry={status.reload} />
      {status.data && (
        <Card styles={{ body: { padding: phone ? 14 : 18 } }} style={{ marginBottom: 16 }}>
          <div style={{ fontSize: 16, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
            <CalendarOutlined style={{ color: RED, fontSize: 20 }} />
            <span>{pick('已有节假日安排的年份：', 'Years with a holiday arrangement: ')}</span>
            {yearsKnown.length
              ? yearsKnown.map((y) => <Tag key={y} color={y === thisYear || y === thisYear + 1 ? 'green' : undefined} style={{ fontSize: 15 }}>{y}</Tag>)
              : <Typography.Text type="secondary">{pick('无', 'none')}</Typography.Text>}
          </div>
          {missing.length > 0 && (
            <Alert type="warning" showIcon style={{ marginTop: 12, fontSize: 16 }}
              message={statusNote ? (lang === 'en' && statusNote[1] ? statusNote[1] : statusNote[0])
                : pick(`缺少 ${missing.join('、')} 年的节假日安排`, `The holiday arrangement for ${missing.join(', ')} is missing`)}
              description={admin
                ? pick('请在下方“导入全年安排”中按国务院办公厅通知录入。', 'Add it below under “Import a whole year”, from the State Council notice.')
                : pick('请联系系统管理员补充。', 'Please ask the system administrator to add it.')} />
          )}
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            title={<span style={{ fontSize: 18 }}>{pick(`${year} 年节假日与调休`, `Holidays and make-up days, ${year}`)}</span>}
            extra={phone ? null : <YearSwitch year={year} thisYear={thisYear} onChange={setYear} />}
            styles={{ body: { padding: phone ? 12 : 16 } }}>
            {phone && <div style={{ marginBottom: 12 }}><YearSwitch year={year} thisYear={thisYear} onChange={setYear} /></div>}
            <ErrorAlert error={days.error} onRetry={days.reload} />
            {days.data && !days.data.known && (
              <Alert type="warning" showIcon style={{ marginBottom: 12, fontSize: 16 }}
                message={pick(`${year} 年的节假日安排尚未录入，目前只按周六、周日休息计算。`, `${year} has no holiday arrangement yet: only Saturdays and Sundays count as days off.`)} />
            )}
            {days.data && (
              <div style={{ fontSize: 16, marginBottom: 12, display: 'flex', gap: 16, flexWrap: 'wrap' }}>
                <span>{pick('放假', 'Holidays')} <b style={{ color: RED, fontSize: 20 }}>{holidays}</b> {pick('天', 'days')}</span>
                <span>{pick('调休上班', 'Make-up working days')} <b style={{ color: '#1d39c4', fontSize: 20 }}>{workdays}</b> {pick('天', 'days')}</span>
              </div>
            )}
            {phone ? (
              <List loading={days.loading} dataSource={list} locale={{ emptyText: <Empty description={pick('这一年没有特殊日期', 'No special days this year')} /> }}
                renderItem={(d) => (
                  <List.Item key={d.date} style={{ padding: '12px 4px', display: 'block' }}>
                    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
                      <span style={{ fontSize: 18, fontWeight: 600 }}>{d.date}</span>
                      {kindTag(d.kind)}
                    </div>
                    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginTop: 6, fontSize: 16 }}>
                      <span>
                        <span style={{ color: isWeekend(d.date) ? RED : undefined }}>{week(d.date)}</span>
                        {d.name ? ` · ${d.name}` : ''}
                      </span>
                      {sourceTag(d.source)}
                    </div>
                    {admin && d.source === 'admin' && <div style={{ marginTop: 8, textAlign: 'right' }}>{deleteButton(d)}</div>}
                  </List.Item>
                )} />
            ) : (
              <Table<Day> rowKey="date" columns={columns} dataSource={list} loading={days.loading} pagination={false} size="middle"
                locale={{ emptyText: <Empty description={pick('这一年没有特殊日期', 'No special days this year')} /> }} />
            )}
            {!admin && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 14 }}>
                {pick('只有系统管理员可以修改工作日历。', 'Only the system administrator can change the calendar.')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {admin && <SetDayCard onSaved={(date) => { if (Number(date.slice(0, 4)) !== year) setYear(Number(date.slice(0, 4))); refresh(); }} />}
            <Calculator />
            <WarningCard admin={admin} />
          </Space>
        </Col>
      </Row>
      {admin && <ImportCard onImported={(r) => { if (r.years.length && !r.years.includes(year)) setYear(r.years[0]); refresh(); }} />}
    </>
  );
}

function YearSwitch({ year, thisYear, onChange }: { year: number; thisYear: number; onChange: (y: number) => void }) {
  const { pick } = useI18n();
  return (
    <Segmented<number> value={year} onChange={onChange}
      options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: y === thisYear ? `${y}${pick('（今年）', ' (this year)')}` : String(y) }))} />
  );
}

const field = (label: string): ReactNode => <span style={{ fontSize: 16 }}>{label}</span>;

/** The administrator sets one day: a holiday, a make-up working day, or back to normal. */
function SetDayCard({ onSaved }: { onSaved: (date: string) => void }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date: Dayjs | null; kind: Kind; name: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);

  const save = async (v: { date: Dayjs | null; kind: Kind; name: string }) => {
    if (!v.date) return;
    const date = v.date.format(FMT);
    setSaving(true);
    setProblem(null);
    try {
      await request('PUT', '/api/calendar/days', { body: { days: [{ date, kind: v.kind, name: v.kind === 'normal' ? null : v.name?.trim() || null }] } });
      message.success(pick(`已保存 ${date}`, `${date} saved`));
      form.setFieldsValue({ date: null, name: '' });
      onSaved(date);
    } catch (e) {
      const rest = showFieldErrors(form, e, lang);
      setProblem([e instanceof ApiError ? e.text(lang) : String(e), ...rest].join('；'));
    } finally { setSaving(false); }
  };

  return (
    <Card title={<span style={{ fontSize: 18 }}>{pick('设置某一天', 'Set one day')}</span>} styles={{ body: { padding: 16 } }}>
      <Form form={form} layout="vertical" initialValues={{ date: null, kind: 'holiday', name: '' }} onFinish={save} requiredMark={false}>
        <Form.Item name="date" label={field(pick('日期', 'Date'))} rules={[{ required: true, message: pick('请选择日期', 'Choose a date') }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly placeholder={pick('选择日期', 'Choose a date')} />
        </Form.Item>
        <Form.Item name="kind" label={field(pick('类型', 'Kind'))}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[
            { value: 'holiday', label: pick('休', 'Holiday') },
            { value: 'workday', label: pick('班', 'Working day') },
            { value: 'normal', label: pick('普通', 'Normal') },
          ]} />
        </Form.Item>
        {kind === 'normal' ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 14 }}>
            {pick('“普通”会取消基础数据中这一天的节假日或调休，按周一至周五上班计算。', '“Normal” takes back a holiday or make-up day of the base data: the day counts by its weekday.')}
          </Typography.Paragraph>
        ) : (
          <Form.Item name="name" label={field(pick('名称（可不填）', 'Name (optional)'))} rules={[{ max: 40, message: pick('最多 40 个字', 'At most 40 characters') }]}>
            <Input placeholder={pick('如：春节', 'e.g. Spring Festival')} maxLength={40} />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={saving} block>{pick('保存', 'Save')}</Button>
      </Form>
    </Card>
  );
}

/** n working days after a date, as the deadlines count them. */
function Calculator() {
  const { pick, lang } = useI18n();
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const [n, setN] = useState<number | null>(5);
  const [result, setResult] = useState<AddResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const week = (date: string) => (lang === 'en' ? WEEK_EN : WEEK_ZH)[weekday(date)];

  const run = async () => {
    if (!from || n === null) return;
    setBusy(true);
    setError(null);
    try { setResult(await api.get<AddResult>('/api/calendar/add-workdays', { from: from.format(FMT), days: n })); }
    catch (e) { setResult(null); setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e))); }
    finally { setBusy(false); }
  };

  return (
    <Card title={<span style={{ fontSize: 18 }}><CalculatorOutlined /> {pick('工作日计算', 'Working-day calculator')}</span>} styles={{ body: { padding: 16 } }}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <div>
          <div style={{ fontSize: 16, marginBottom: 6 }}>{pick('从这一天起', 'Starting from')}</div>
          <DatePicker style={{ width: '100%' }} value={from} inputReadOnly allowClear={false}
            onChange={(v) => { setFrom(v); setResult(null); }} />
        </div>
        <div>
          <div style={{ fontSize: 16, marginBottom: 6 }}>{pick('往后数几个工作日', 'Working days later')}</div>
          <InputNumber min={0} max={365} precision={0} value={n} style={{ width: '100%' }}
            onChange={(v) => { setN(v); setResult(null); }} suffix={pick('个工作日', 'working days')} />
        </div>
        <Button block icon={<CalculatorOutlined />} loading={busy} disabled={!from || n === null} onClick={run}>
          {pick('计算', 'Calculate')}
        </Button>
        <ErrorAlert error={error} />
        {result && (
          <div style={{ background: '#fff7f7', border: '1px solid #f3c6c7', borderRadius: 8, padding: 14, fontSize: 16 }}>
            <div>{pick(`${result.from} 之后第 ${result.days} 个工作日是：`, `${result.days} working days after ${result.from}:`)}</div>
            <div style={{ fontSize: 26, fontWeight: 700, color: RED, marginTop: 4 }}>{result.date}</div>
            <div style={{ fontSize: 16 }}>{week(result.date)}</div>
          </div>
        )}
      </Space>
    </Card>
  );
}

/** A whole year from the State Council notice: afterwards the year is exactly what was imported. */
function ImportCard({ onImported }: { onImported: (r: ImportResult) => void }) {
  const { pick, lang } = useI18n();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.post<ImportResult>('/api/calendar/import', { text, note: note.trim() || null });
      setResult(r);
      onImported(r);
    } catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e))); }
    finally { setBusy(false); }
  };

  return (
    <Card title={<span style={{ fontSize: 18 }}><UploadOutlined /> {pick('导入全年安排', 'Import a whole year')}</span>}
      style={{ marginTop: 16 }} styles={{ body: { padding: 16 } }}>
      <Typography.Paragraph style={{ fontSize: 16 }}>
        {pick(
          '每行一条：日期,类型,名称。类型填“休”或“班”；连续几天可写成 2027-02-06~2027-02-12。导入后这一年完全以导入内容为准：基础数据中未列出的日期会被收回。',
          'One line each: date,kind,name. Kind is 休 (holiday) or 班 (make-up working day); a run of days can be written 2027-02-06~2027-02-12. Afterwards the year is exactly what was imported: base-data days not listed are taken back.',
        )}
      </Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} placeholder={PLACEHOLDER} autoSize={{ minRows: 8, maxRows: 20 }}
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 16 }} aria-label={pick('全年安排', 'The year’s arrangement')} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }} align="bottom">
        <Col xs={24} md={16}>
          <div style={{ fontSize: 16, marginBottom: 6 }}>{pick('依据（可不填）', 'Source (optional)')}</div>
          <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200}
            placeholder={pick('如：国办发明电〔2026〕X号', 'e.g. the State Council notice number')} />
        </Col>
        <Col xs={24} md={8}>
          <Button type="primary" block icon={<UploadOutlined />} loading={busy} disabled={!text.trim()} onClick={run}>
            {pick('导入', 'Import')}
          </Button>
        </Col>
      </Row>
      {result && (
        <Alert type="success" showIcon style={{ marginTop: 16, fontSize: 16 }}
          message={pick(`已导入 ${result.years.join('、')} 年的安排`, `Imported the arrangement for ${result.years.join(', ')}`)}
          description={pick(
            `共 ${result.days} 个日期；收回基础数据中未列出的 ${result.takenBack} 个日期。`,
            `${result.days} days; ${result.takenBack} base-data days not listed were taken back.`,
          )} />
      )}
      {error && (
        <Alert type="error" showIcon style={{ marginTop: 16, fontSize: 16 }} message={error.text(lang)}
          description={error.details.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {error.details.map((d, i) => (
                <li key={i}>{lang === 'en' ? d.reason_en || d.reason : d.reason}</li>
              ))}
            </ul>
          ) : undefined} />
      )}
    </Card>
  );
}

/** 预警规则: a request turns yellow with this many working days, or this share of its time, left. */
function WarningCard({ admin }: { admin: boolean }) {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { data } = useLoad((signal) => api.get<{ yellowWorkdays: number; yellowShare: number }>('/api/calendar/warning', undefined, signal), []);
  if (!data) return null;
  const save = async () => {
    let v;
    try { v = await form.validateFields(); } catch { return; }   // the form shows what is missing
    setBusy(true);
    try { await api.put('/api/calendar/warning', { yellowWorkdays: v.yellowWorkdays, yellowShare: v.yellowPercent / 100 }); message.success(pick('已保存', 'Saved')); }
    catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
    finally { setBusy(false); }
  };
  return (
    <Card title={<span style={{ fontSize: 18 }}>{pick('预警规则', 'Warning colours')}</span>} styles={{ body: { padding: 16 } }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 14 }}>
        {pick('未答复的诉求：超过期限为红色；剩余工作日或剩余时间比例不超过下列数值时为黄色；其余为绿色。', 'Unanswered requests are red when overdue, yellow when no more than this is left, green otherwise.')}
      </Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ yellowWorkdays: data.yellowWorkdays, yellowPercent: Math.round(data.yellowShare * 100) }} disabled={!admin}>
        <Form.Item name="yellowWorkdays" label={pick('剩余工作日 ≤', 'Working days left ≤')} rules={[{ required: true }]}><InputNumber min={0} max={10} /></Form.Item>
        <Form.Item name="yellowPercent" label={pick('或剩余时间 ≤ %', 'or time left ≤ %')} rules={[{ required: true }]}><InputNumber min={0} max={90} /></Form.Item>
        {admin ? <Form.Item><Button type="primary" loading={busy} onClick={save}>{pick('保存', 'Save')}</Button></Form.Item> : null}
      </Form>
    </Card>
  );
}
