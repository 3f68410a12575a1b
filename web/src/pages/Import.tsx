// 导入: template → mode → upload with progress → a row-by-row report. The report speaks the
// user's language (reason / reason_en) and names row and column as the spreadsheet shows them.
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Grid, List, Progress, Radio, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, download, upload } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { PageHeader } from '../components/ui.tsx';
import { ImportJobs } from './ImportJobs.tsx';

type Kind = 'households' | 'residents' | 'cadres' | 'buildings';
type Mode = 'all' | 'valid';
interface Problem { row: number | null; column: string | null; value: unknown; reason: string; reason_en?: string }
interface Report {
  jobId?: number | string; status: 'done' | 'failed'; mode: Mode; total: number; inserted: number; updated: number;
  unchanged: number; failed: number; problems: Problem[]; problemCount?: number;
}

const KINDS: { value: Kind; label: MessageKey }[] = [
  { value: 'households', label: 'import.households' },
  { value: 'residents', label: 'import.residents' },
  { value: 'cadres', label: 'import.cadres' },
  { value: 'buildings', label: 'import.buildings' },
];

/** A 422 in mode "all" carries the problems as error details; shape them like a report. */
function reportFromError(e: ApiError, mode: Mode): Report | null {
  const body = (e.body ?? {}) as Partial<Report> & { details?: (Problem & { field?: string })[] };
  const problems = body.problems ?? (e.details as (Problem & { field?: string })[]).map((d) => ({
    row: d.row ?? null, column: d.column ?? d.field ?? null, value: d.value, reason: d.reason, reason_en: d.reason_en,
  }));
  if (e.code !== 'IMPORT_FAILED' && !body.problems) return null;
  return { jobId: body.jobId, status: 'failed', mode, problemCount: body.problemCount, total: body.total ?? 0, inserted: body.inserted ?? 0, updated: body.updated ?? 0,
    unchanged: body.unchanged ?? 0, failed: body.failed ?? problems.length, problems };
}

export default function ImportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [kind, setKind] = useState<Kind>('households');
  const [mode, setMode] = useState<Mode>('all');
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const busy = percent !== null;

  const template = async () => {
    try { await download(`/api/imports/${kind}/template`, { format: 'xlsx' }, `${kind}-template.xlsx`); }
    catch (e) { message.error(e instanceof ApiError ? e.text(lang) : String(e)); }
  };
  const start = async () => {
    if (!file) return;
    setReport(null); setError(null); setPercent(0);
    try {
      setReport(await upload<Report>(`/api/imports/${kind}`, file, setPercent, { mode }));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e));
      const r = reportFromError(err, mode);
      if (r) setReport(r); else setError(err);
    } finally {
      setPercent(null);
    }
  };

  const problems = report?.problems ?? [];
  const columns = [
    { title: t('import.row'), dataIndex: 'row', key: 'row', width: 80, render: (v: number | null) => v ?? '—' },
    { title: t('import.column'), dataIndex: 'column', key: 'column', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('import.value'), dataIndex: 'value', key: 'value', width: 200, ellipsis: true,
      render: (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v)) },
    { title: t('import.reason'), key: 'reason', render: (_: unknown, p: Problem) => (lang === 'en' && p.reason_en ? p.reason_en : p.reason) },
  ];
  const step = report ? 3 : busy ? 2 : file ? 1 : 0;

  return (
    <>
      <PageHeader title={t('nav.import')} sub={t('import.sub')} />
      {!phone && <Steps current={step} style={{ marginBottom: 16 }} items={[
        { title: t('import.step.kind') }, { title: t('import.step.file') }, { title: t('import.step.upload') }, { title: t('import.step.report') }]} />}
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" size={20} style={{ width: '100%' }}>
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>1. {t('import.chooseKind')}</Typography.Title>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" value={kind} disabled={busy}
              onChange={(e) => { setKind(e.target.value); setReport(null); }}
              options={KINDS.map((k) => ({ value: k.value, label: t(k.label) }))} />
            <div style={{ marginTop: 12 }}>
              <Button icon={<DownloadOutlined />} onClick={template}>{t('import.template')}</Button>
            </div>
          </div>
          <div>
            <Typography.Title level={5}>2. {t('import.chooseMode')}</Typography.Title>
            <Radio.Group value={mode} disabled={busy} onChange={(e) => setMode(e.target.value)}>
              <Space direction="vertical">
                <Radio value="all" style={{ fontSize: 16 }}><b>{t('import.modeAll')}</b> — {t('import.modeAllHint')}</Radio>
                <Radio value="valid" style={{ fontSize: 16 }}><b>{t('import.modeValid')}</b> — {t('import.modeValidHint')}</Radio>
              </Space>
            </Radio.Group>
          </div>
          <div>
            <Typography.Title level={5}>3. {t('import.chooseFile')}</Typography.Title>
            <Upload.Dragger accept=".xlsx,.csv" maxCount={1} disabled={busy} multiple={false}
              beforeUpload={(f) => { setFile(f); setReport(null); setError(null); return false; }}
              onRemove={() => { setFile(null); }} fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}>
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p style={{ fontSize: 16 }}>{t('import.drop')}</p>
              <p style={{ color: '#888' }}>{t('import.dropHint')}</p>
            </Upload.Dragger>
          </div>
          <Button type="primary" size="large" icon={<UploadOutlined />} disabled={!file} loading={busy} onClick={start} style={{ minWidth: 160 }}>
            {t('import.start')}
          </Button>
          {busy && (
            <div aria-live="polite">
              <Progress percent={percent ?? 0} status="active" />
              <Typography.Text type="secondary">{(percent ?? 0) >= 100 ? t('import.checking') : t('import.uploading')}</Typography.Text>
            </div>
          )}
          {error && <Alert type="error" showIcon message={error.text(lang)} />}
        </Space>
      </Card>
      {report && (
        <Card title={t('import.step.report')}>
          <Result style={{ padding: '8px 0 16px' }}
            status={report.status === 'done' ? (report.failed ? 'warning' : 'success') : 'error'}
            title={report.status === 'done' ? t(report.failed ? 'import.doneWithSkips' : 'import.done') : t('import.failed')}
            subTitle={report.status === 'failed' && report.mode === 'all' ? t('import.failedAllHint') : undefined} />
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {([['import.total', report.total], ['import.inserted', report.inserted], ['import.updated', report.updated],
              ['import.unchanged', report.unchanged], ['import.failedRows', report.failed]] as [MessageKey, number][]).map(([k, v]) => (
              <Col key={k} xs={12} sm={8} md={4}><Statistic title={t(k)} value={v ?? 0} valueStyle={k === 'import.failedRows' && v ? { color: '#cf1322' } : undefined} /></Col>
            ))}
          </Row>
          {(report.problemCount ?? 0) > problems.length && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('import.firstProblems', { shown: problems.length, total: report.problemCount ?? 0 })} />
          )}
          {problems.length > 0 && phone && (
            <List size="small" dataSource={problems} pagination={problems.length > 30 ? { pageSize: 30, simple: true, align: 'center' } : false}
              renderItem={(p) => (
                <List.Item style={{ display: 'block' }}>
                  <div style={{ fontWeight: 600 }}>{t('import.rowN', { n: p.row ?? '—' })}{p.column ? ` · ${p.column}` : ''}
                    {p.value !== null && p.value !== undefined && p.value !== '' ? <Typography.Text type="secondary" style={{ fontWeight: 400 }}>（{String(p.value)}）</Typography.Text> : null}</div>
                  <div style={{ color: '#cf1322' }}>{lang === 'en' && p.reason_en ? p.reason_en : p.reason}</div>
                </List.Item>
              )} />
          )}
          {problems.length > 0 && !phone && (
            <Table<Problem> rowKey={(p) => `${p.row}-${p.column}-${p.reason}`} size="middle" columns={columns} dataSource={problems}
              scroll={{ x: 600 }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
          )}
        </Card>
      )}
      <ImportJobs refreshKey={report?.jobId ?? null} />
    </>
  );
}
