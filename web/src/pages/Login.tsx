// 登录: large inputs and a plain Chinese error (wrong password, locked out), nothing else.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { navigate, useRoute } from '../router.ts';
import { loadMe } from '../session.ts';
import { LangSwitch } from '../components/AppLayout.tsx';

export default function Login() {
  const { t, lang } = useI18n();
  const route = useRoute();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/login', { username: v.username.trim(), password: v.password });
      await loadMe();
      const next = route.query.get('next');
      // Only follow in-app paths: a crafted ?next= must not lead elsewhere.
      navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 16,
      background: 'linear-gradient(160deg, #b8262b 0%, #8f1d21 38%, #f3f4f6 38.1%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}><LangSwitch /></div>
      <div style={{ color: '#fff', textAlign: 'center', marginBottom: 24 }}>
        <div style={{ fontSize: 34, fontWeight: 700, letterSpacing: 4 }}>{t('app.name')}</div>
        <div style={{ fontSize: 18, opacity: 0.92 }}>{t('app.title')}</div>
      </div>
      <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 8px 28px rgba(0,0,0,.12)' }} styles={{ body: { padding: 28 } }}>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>{t('auth.signIn')}</Typography.Title>
        {error && <Alert type="error" showIcon style={{ marginBottom: 16, fontSize: 16 }} message={error.text(lang)} role="alert" />}
        <Form layout="vertical" size="large" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="off" autoCorrect="off" style={{ height: 48 }} />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" style={{ height: 48 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} style={{ height: 50, fontSize: 18 }}>{t('auth.signIn')}</Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 14 }}>{t('auth.footer')}</Typography.Text>
    </div>
  );
}
