// 概览: the counts within the user's scope, one card each, and the households per tag that
// drive priority visits.
import { Alert, Card, Col, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import {
  ApartmentOutlined, BankOutlined, BuildOutlined, HomeOutlined, IdcardOutlined, ShopOutlined, TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader } from '../components/ui.tsx';
import { scopeText } from '../components/AppLayout.tsx';
import { tagColour, useHouseholdTags, useLoad } from '../components/data.ts';

interface Overview {
  households: number; residents: number; buildings: number; shops: number; cadres: number; departments: number; grids: number;
  taggedHouseholds: Record<string, number>;
}

const CARDS: { key: keyof Omit<Overview, 'taggedHouseholds'>; label: MessageKey; icon: ReactNode; to?: string; colour: string }[] = [
  { key: 'households', label: 'stat.households', icon: <HomeOutlined />, to: '/households', colour: '#b8262b' },
  { key: 'residents', label: 'stat.residents', icon: <TeamOutlined />, to: '/residents', colour: '#d4380d' },
  { key: 'grids', label: 'stat.grids', icon: <ApartmentOutlined />, to: '/regions', colour: '#d48806' },
  { key: 'buildings', label: 'stat.buildings', icon: <BuildOutlined />, colour: '#389e0d' },
  { key: 'shops', label: 'stat.shops', icon: <ShopOutlined />, colour: '#08979c' },
  { key: 'cadres', label: 'stat.cadres', icon: <IdcardOutlined />, to: '/cadres', colour: '#1d39c4' },
  { key: 'departments', label: 'stat.departments', icon: <BankOutlined />, to: '/departments', colour: '#531dab' },
];

export default function OverviewPage() {
  const { t } = useI18n();
  const me = useMe();
  const { data, error, loading, reload } = useLoad((signal) => api.get<Overview>('/api/stats/overview', undefined, signal), []);
  const tags = useHouseholdTags().data;
  const tagged = Object.entries(data?.taggedHouseholds ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <>
      <PageHeader title={t('nav.overview')} sub={me ? t('overview.scope', { scope: scopeText(me) || '—' }) : undefined} />
      <ErrorAlert error={error} onRetry={reload} />
      <CalendarWarning />
      {can(me, 'request.stats') ? <RequestSummary /> : null}
      <Row gutter={[16, 16]}>
        {CARDS.map((c) => (
          <Col key={c.key} xs={12} sm={12} md={8} xl={6}>
            <Card hoverable={!!c.to} onClick={c.to ? () => navigate(c.to!) : undefined} styles={{ body: { padding: 20 } }}>
              {loading && !data ? <Skeleton active paragraph={false} /> : (
                <Statistic title={<span style={{ fontSize: 16 }}>{t(c.label)}</span>} value={data?.[c.key] ?? 0}
                  prefix={<span style={{ color: c.colour, marginInlineEnd: 4 }}>{c.icon}</span>} valueStyle={{ fontSize: 30, fontWeight: 600 }} />
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('overview.tagged')} style={{ marginTop: 16 }}>
        {loading && !data ? <Skeleton active /> : tagged.length === 0 ? <Typography.Text type="secondary">{t('common.empty')}</Typography.Text> : (
          <Row gutter={[12, 12]}>
            {tagged.map(([name, n]) => (
              <Col key={name} xs={12} sm={8} md={6} xl={4}>
                <div role="link" tabIndex={0} onClick={() => navigate(href('/households', { tags: name }))}
                  onKeyDown={(e) => { if (e.key === 'Enter') navigate(href('/households', { tags: name })); }}
                  style={{ cursor: 'pointer', padding: '12px 14px', border: '1px solid #f0f0f0', borderRadius: 8, minHeight: 48 }}>
                  <Tag color={tagColour(name, tags)} style={{ fontSize: 15 }}>{name}</Tag>
                  <div style={{ fontSize: 24, fontWeight: 600, marginTop: 6 }}>{n.toLocaleString()}</div>
                </div>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </>
  );
}

/** Never let holidays silently count as working days: say so when this year or next is missing. */
function CalendarWarning() {
  const { lang, pick } = useI18n();
  const { data } = useLoad((signal) => api.get<{ message: string | null }>('/api/calendar/status', undefined, signal), []);
  if (!data?.message) return null;
  const [zh, en] = data.message.split('|');
  return <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={lang === 'en' ? en : zh}
    action={<a onClick={() => navigate('/calendar')}>{pick('工作日历', 'Working calendar')}</a>} data-testid="calendar-warning" />;
}

/** This month's requests, the way seed 001 reports them. */
function RequestSummary() {
  const { pick } = useI18n();
  const from = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 8) + '01';
  const { data } = useLoad((signal) => api.get<{ total: { collected: number; resolved: number; inProgress: number; constrained: number; overdue: number; onTimeRate: number | null } }>('/api/request-stats', { from }, signal), [from]);
  const t = data?.total;
  const items: [string, string, number | string, string, string][] = t ? [
    [pick('本月受理', 'Received this month'), '#b8262b', t.collected, '/requests?queue=all', ''],
    [pick('已办结', 'Resolved'), '#389e0d', t.resolved, '/request-stats', ''],
    [pick('正在办理', 'In progress'), '#d48806', t.inProgress, '/requests?queue=all', ''],
    [pick('疑难受限', 'Constrained'), '#531dab', t.constrained, '/request-stats', ''],
    [pick('超期未答复', 'Overdue'), '#d4380d', t.overdue, '/requests?queue=all&colour=red', ''],
    [pick('按期答复率', 'On-time answers'), '#08979c', t.onTimeRate == null ? '—' : `${(t.onTimeRate * 100).toFixed(1)}%`, '/request-stats', ''],
  ] : [];
  return (
    <Card title={pick('诉求办理（本月）', 'Requests this month')} style={{ marginBottom: 16 }} styles={{ body: { padding: 12 } }}>
      {!t ? <Skeleton active paragraph={false} /> : (
        <Row gutter={[12, 12]}>
          {items.map(([label, colour, value, to]) => (
            <Col key={label} xs={12} sm={8} xl={4}>
              <div role="link" tabIndex={0} onClick={() => navigate(to)} style={{ cursor: 'pointer', padding: '10px 12px', border: '1px solid #f0f0f0', borderRadius: 8 }}>
                <div style={{ color: '#666' }}>{label}</div>
                <div style={{ fontSize: 26, fontWeight: 600, color: colour }}>{typeof value === 'number' ? value.toLocaleString() : value}</div>
              </div>
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
