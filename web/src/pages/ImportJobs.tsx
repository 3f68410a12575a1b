// 最近导入: who loaded what and how it went, so a second person does not import the same file.
import { useEffect } from 'react';
import { Card, Grid, Table, Tag } from 'antd';
import { api } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useLoad } from '../components/data.ts';

interface Job {
  id: number; kind: string; filename: string; format: string; mode: 'all' | 'valid'; status: 'done' | 'failed' | 'running';
  total: number; inserted: number; updated: number; unchanged: number; failed: number; createdAt: string; problemCount?: number;
}

const STATUS: Record<string, { label: MessageKey; colour: string }> = {
  done: { label: 'import.status.done', colour: 'green' },
  failed: { label: 'import.status.failed', colour: 'red' },
  running: { label: 'import.status.running', colour: 'blue' },
};

export function ImportJobs({ refreshKey }: { refreshKey: number | string | null }) {
  const { t, lang } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const { data, loading, reload, error } = useLoad((signal) => api.get<{ items: Job[] }>('/api/imports', { limit: 20 }, signal), []);
  useEffect(() => { if (refreshKey !== null) reload(); }, [refreshKey, reload]);
  if (error) return null; // the list is a convenience; the upload above is what matters

  const kinds: Record<string, MessageKey> = { households: 'import.households', residents: 'import.residents', cadres: 'import.cadres', buildings: 'import.buildings' };
  const columns = [
    { title: t('import.time'), dataIndex: 'createdAt', key: 'createdAt', width: 170,
      render: (v: string) => new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) },
    { title: t('import.kind'), dataIndex: 'kind', key: 'kind', width: 80, render: (k: string) => (kinds[k] ? t(kinds[k]) : k) },
    ...(phone ? [] : [
      { title: t('import.file'), dataIndex: 'filename', key: 'filename', ellipsis: true },
      { title: t('import.mode'), dataIndex: 'mode', key: 'mode', width: 150, render: (m: string) => t(m === 'all' ? 'import.modeAll' : 'import.modeValid') },
    ]),
    { title: t('import.status'), dataIndex: 'status', key: 'status', width: 90,
      render: (s: string) => <Tag color={STATUS[s]?.colour}>{STATUS[s] ? t(STATUS[s].label) : s}</Tag> },
    { title: `${t('import.inserted')}/${t('import.updated')}/${t('import.failedRows')}`, key: 'counts', width: 150,
      render: (_: unknown, j: Job) => `${j.inserted} / ${j.updated} / ${j.failed}` },
  ];
  return (
    <Card title={t('import.recent')} style={{ marginTop: 16 }} styles={{ body: { padding: phone ? 8 : 16 } }}>
      <Table<Job> rowKey="id" size="middle" columns={columns} dataSource={data?.items ?? []} loading={loading}
        pagination={false} scroll={{ x: phone ? 480 : undefined }} />
    </Card>
  );
}
