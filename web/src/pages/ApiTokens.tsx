// API 令牌: the tokens machine clients (an SMS gateway, a reporting system) sign in with. A user
// sees their own, makes one (the token is shown once) and revokes one that leaked or is no longer
// used — refused everywhere at once. The administrator also looks at another user's and revokes
// theirs. Never shows a token after it was made: only its first characters.
import { useState } from 'react';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { can, useMe } from '../session.ts';
import { ErrorAlert, PageHeader } from '../components/ui.tsx';
import { useLoad } from '../components/data.ts';
import { SecretOnceModal } from '../components/SecretOnce.tsx';

interface Token { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; active: boolean }
interface Tokens { user: { id: number; username: string }; items: Token[] }
interface User { id: number; username: string; displayName: string; role: string }

const when = (s: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

export default function ApiTokens() {
  const { pick, lang } = useI18n();
  const me = useMe()!;
  const { message } = App.useApp();
  const manager = can(me, 'user.manage');
  const [userId, setUserId] = useState<number | null>(null);   // null: mine
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const list = useLoad((signal) => api.get<Tokens>('/api/auth/tokens', userId ? { userId } : undefined, signal), [userId]);
  const users = useLoad((signal) => (manager ? api.get<User[] | { items: User[] }>('/api/users', undefined, signal) : Promise.resolve(null)), [manager]);
  const userRows = Array.isArray(users.data) ? users.data : users.data?.items ?? [];
  const mine = userId === null;   // tokens are made only for oneself
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.textWithReason(lang) : String(e));

  const make = async () => {
    if (name.trim().length < 1) { message.warning(pick('请填写令牌用途，例如“短信网关”', 'Say what the token is for, e.g. “SMS gateway”')); return; }
    setBusy(true);
    try {
      const t = await api.post<{ token: string }>('/api/auth/tokens', { name: name.trim() });
      setCreated({ name: name.trim(), token: t.token });
      setName('');
      list.reload();
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const revoke = async (t: Token) => {
    try {
      await api.del(`/api/auth/tokens/${t.id}`);
      message.success(pick(`已吊销“${t.name}”，使用它的系统将无法再访问`, `“${t.name}” revoked; systems using it can no longer sign in`));
      list.reload();
    } catch (e) { fail(e); list.reload(); }
  };

  const columns: TableColumnsType<Token> = [
    { title: pick('用途', 'For'), dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
    { title: pick('令牌开头', 'Begins with'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: pick('创建时间', 'Created'), dataIndex: 'createdAt', render: when },
    { title: pick('最近使用', 'Last used'), dataIndex: 'lastUsedAt', render: when },
    { title: pick('状态', 'Status'), key: 'status', render: (_, t) => (t.active ? <Tag color="green">{pick('有效', 'Active')}</Tag> : <Tag>{pick(`已吊销 ${when(t.revokedAt)}`, `Revoked ${when(t.revokedAt)}`)}</Tag>) },
    {
      title: pick('操作', 'Action'), key: 'action', render: (_, t) => (t.active ? (
        <Popconfirm title={pick(`吊销“${t.name}”？`, `Revoke “${t.name}”?`)} description={pick('吊销后立即失效，不能恢复；需要时请新建令牌。', 'It stops working at once and cannot be restored; make a new one if needed.')}
          okText={pick('吊销令牌', 'Revoke')} okButtonProps={{ danger: true }} cancelText={pick('取消', 'Cancel')} onConfirm={() => revoke(t)}>
          <Button danger icon={<StopOutlined />} data-testid={`revoke-${t.id}`}>{pick('吊销令牌', 'Revoke')}</Button>
        </Popconfirm>
      ) : null),
    },
  ];

  return (
    <div>
      <PageHeader title={<><KeyOutlined /> {pick('API 令牌', 'API tokens')}</>}
        sub={pick('供短信网关、报表系统等对接系统调用接口（请求头 Authorization: Bearer 令牌）。令牌只在创建时显示一次；泄露或不再使用时请立即吊销。',
          'For systems that call the API (header Authorization: Bearer <token>). A token is shown only when made; revoke it at once when it leaks or is no longer used.')} />
      <Space wrap size={12} style={{ marginBottom: 16 }}>
        {manager ? (
          <Select style={{ minWidth: 260 }} value={userId ?? 0} onChange={(v) => setUserId(v || null)} showSearch optionFilterProp="label"
            aria-label={pick('用户', 'User')} options={[{ value: 0, label: pick('我的令牌', 'My tokens') },
              ...userRows.filter((u) => u.username !== me.username).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))]} />
        ) : null}
        {mine ? (
          <Space.Compact>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} style={{ width: 240 }} onPressEnter={make}
              placeholder={pick('用途，例如：短信网关', 'For, e.g. SMS gateway')} aria-label={pick('令牌用途', 'Token for')} />
            <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={make}>{pick('新建令牌', 'New token')}</Button>
          </Space.Compact>
        ) : null}
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Token> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} pagination={false}
        scroll={{ x: 760 }} locale={{ emptyText: pick('还没有 API 令牌', 'No API tokens yet') }} data-testid="token-table" />
      <SecretOnceModal secret={created?.token ?? null} onClose={() => setCreated(null)}
        title={pick(`已新建“${created?.name ?? ''}”令牌`, `Token “${created?.name ?? ''}” made`)}
        label={{ zh: '令牌', en: 'Token' }}
        note={{ zh: '请立即复制，配置到对接系统中。', en: 'Copy it now into the system that will use it.' }} />
    </div>
  );
}
