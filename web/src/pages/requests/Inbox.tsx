// 我的消息: dispatches, returns, supervision, deadlines — newest first; opening one marks it read.
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import { ErrorAlert, PageHeader } from '../../components/ui.tsx';
import { useLoad } from '../../components/data.ts';
import { when } from './shared.tsx';

interface Notice { id: number; kind: string; requestId: number | null; title: string; body: string | null; createdAt: string; readAt: string | null }
const KIND: Record<string, [string, string, string]> = {
  dispatch: ['派单', 'Dispatched', 'blue'], returned: ['退单', 'Returned', 'orange'], supervised: ['督办', 'Supervised', 'red'], overdue: ['超期', 'Overdue', 'red'],
  due_soon: ['临期', 'Due soon', 'gold'], replied: ['已答复', 'Replied', 'green'], constrained: ['疑难受限', 'Constrained', 'gold'], reopened: ['重办', 'Reopened', 'volcano'],
  followup_due: ['待回访', 'Follow-up due', 'cyan'], extension: ['延期申请', 'Extension', 'purple'], extension_decided: ['延期审批', 'Extension decided', 'purple'],
  escalated: ['上报', 'Escalated', 'magenta'], new: ['新诉求', 'New', 'blue'],
};

export default function Inbox() {
  const { pick } = useI18n();
  const { data, error, loading, reload } = useLoad((signal) => api.get<{ unread: number; items: Notice[] }>('/api/notifications', { limit: 100 }, signal), []);
  const open = async (n: Notice) => {
    if (!n.readAt) await api.post('/api/notifications/read', { ids: [n.id] }).catch(() => undefined);
    if (n.requestId) navigate(`/requests/${n.requestId}`); else reload();
  };
  const readAll = async () => { await api.post('/api/notifications/read', {}); reload(); };
  return (
    <>
      <PageHeader title={pick('我的消息', 'Inbox')} sub={data ? pick(`${data.unread} 条未读`, `${data.unread} unread`) : ''}
        extra={data?.unread ? <Button onClick={readAll}>{pick('全部标为已读', 'Mark all read')}</Button> : null} />
      <ErrorAlert error={error} onRetry={reload} />
      <Card styles={{ body: { padding: 0 } }}>
        <List loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: <Empty description={pick('没有消息', 'No messages')} /> }}
          renderItem={(n) => {
            const k = KIND[n.kind] ?? [n.kind, n.kind, 'default'];
            return (
              <List.Item onClick={() => open(n)} style={{ cursor: 'pointer', padding: '14px 16px', background: n.readAt ? undefined : '#fff7f0' }} data-notice={n.kind}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap><Tag color={k[2]}>{pick(k[0], k[1])}</Tag><span style={{ fontWeight: n.readAt ? 400 : 700, fontSize: 17 }}>{n.title}</span></Space>
                  {n.body ? <Typography.Text type="secondary">{n.body.length > 80 ? n.body.slice(0, 80) + '…' : n.body}</Typography.Text> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>{when(n.createdAt)}</Typography.Text>
                </Space>
              </List.Item>
            );
          }} />
      </Card>
    </>
  );
}
