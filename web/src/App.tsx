// The shell: theme and locale, the sign-in gate, and the lazy route table. Pages load on
// demand so the first screen (often a phone on a village network) downloads little.
import { Component, lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, Button, ConfigProvider, Grid, Spin, type ThemeConfig } from 'antd';
import { onUnauthorized } from './api.ts';
import { useI18n, translate } from './i18n.ts';
import { currentPath, navigate, useRoute, type Route } from './router.ts';
import { can, clearMe, getMe, loadMe, useMe } from './session.ts';
import { AppLayout } from './components/AppLayout.tsx';

const Login = lazy(() => import('./pages/Login.tsx'));
const Overview = lazy(() => import('./pages/Overview.tsx'));
const Regions = lazy(() => import('./pages/Regions.tsx'));
const Households = lazy(() => import('./pages/Households.tsx'));
const Residents = lazy(() => import('./pages/Residents.tsx'));
const Cadres = lazy(() => import('./pages/Cadres.tsx'));
const Departments = lazy(() => import('./pages/Departments.tsx'));
const Import = lazy(() => import('./pages/Import.tsx'));
const RequestBoard = lazy(() => import('./pages/requests/RequestBoard.tsx'));
const RequestDetail = lazy(() => import('./pages/requests/RequestDetail.tsx'));
const RequestIntake = lazy(() => import('./pages/requests/RequestIntake.tsx'));
const Inbox = lazy(() => import('./pages/requests/Inbox.tsx'));
const RequestStats = lazy(() => import('./pages/RequestStats.tsx'));
const CalendarAdmin = lazy(() => import('./pages/CalendarAdmin.tsx'));
const CategoryAdmin = lazy(() => import('./pages/CategoryAdmin.tsx'));
const WebhookAdmin = lazy(() => import('./pages/WebhookAdmin.tsx'));
const Pairing = lazy(() => import('./pages/liaison/Pairing.tsx'));
const Responsibilities = lazy(() => import('./pages/liaison/Responsibilities.tsx'));
const Rounds = lazy(() => import('./pages/liaison/Rounds.tsx'));
const VisitTasks = lazy(() => import('./pages/liaison/Tasks.tsx'));
const ServiceDays = lazy(() => import('./pages/liaison/ServiceDays.tsx'));
const ServiceCards = lazy(() => import('./pages/liaison/ServiceCards.tsx'));
const ApiTokens = lazy(() => import('./pages/ApiTokens.tsx'));
const Topics = lazy(() => import('./pages/Topics.tsx'));

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b8262b',
    fontSize: 16,
    controlHeight: 40,
    borderRadius: 6,
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  },
  components: {
    Menu: { itemHeight: 48, iconSize: 18 },
    Table: { cellPaddingBlock: 12 },
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerPadding: '0 16px' },
  },
};

function page(route: Route): ReactNode {
  const [first, second] = route.segments;
  switch (first ?? '') {
    case '': return can(getMe(), 'region.read') ? <Overview /> : <RequestBoard />;
    case 'regions': return <Regions />;
    case 'households': return <Households openId={second ? Number(second) : null} />;
    case 'residents': return <Residents />;
    case 'cadres': return <Cadres />;
    case 'departments': return <Departments />;
    case 'import': return <Import />;
    case 'requests': return second === 'new' ? <RequestIntake /> : second ? <RequestDetail id={Number(second)} /> : <RequestBoard />;
    case 'inbox': return <Inbox />;
    case 'request-stats': return <RequestStats />;
    case 'calendar': return <CalendarAdmin />;
    case 'categories': return <CategoryAdmin />;
    case 'webhooks': return <WebhookAdmin />;
    case 'tokens': return <ApiTokens />;
    case 'topics': return <Topics />;
    case 'liaison': return liaisonPage(second);
    default: return <Notice title={translate('common.notFound')}
      action={<Button type="primary" onClick={() => navigate('/')}>{translate('nav.overview')}</Button>} />;
  }
}

// 联户走访: the office's liaison pages under /liaison/….
function liaisonPage(which: string | undefined): ReactNode {
  switch (which ?? 'tasks') {
    case 'pairing': return <Pairing />;
    case 'responsibilities': return <Responsibilities />;
    case 'rounds': return <Rounds />;
    case 'tasks': return <VisitTasks />;
    case 'service-days': return <ServiceDays />;
    case 'cards': return <ServiceCards />;
    default: return <Notice title={translate('common.notFound')}
      action={<Button type="primary" onClick={() => navigate('/liaison/tasks')}>{translate('nav.liaisonTasks')}</Button>} />;
  }
}

/** A failed lazy chunk (new release deployed, network drop) must not leave a blank screen. */
class Boundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: '' };
  static getDerivedStateFromError(error: Error) { return { error }; }
  static getDerivedStateFromProps(p: { resetKey: string }, s: { error: Error | null; key: string }) {
    return p.resetKey !== s.key ? { error: null, key: p.resetKey } : null;
  }
  render() {
    if (!this.state.error) return this.props.children;
    return <Notice title={translate('common.loadFailed')} detail={this.state.error.message}
      action={<Button type="primary" onClick={() => window.location.reload()}>{translate('common.reload')}</Button>} />;
  }
}

// antd's Result carries large illustrations; the shell's few notices do not need them.
function Notice({ title, detail, action }: { title: string; detail?: string; action?: ReactNode }) {
  return (
    <div style={{ padding: '64px 16px', textAlign: 'center' }} role="status">
      <div style={{ fontSize: 22, fontWeight: 600, marginBottom: 8 }}>{title}</div>
      {detail ? <div style={{ color: '#666', marginBottom: 16 }}>{detail}</div> : null}
      {action}
    </div>
  );
}

const loading = <div style={{ padding: 48, textAlign: 'center' }}><Spin size="large" /></div>;

function Shell() {
  const route = useRoute();
  const me = useMe();
  const { t } = useI18n();
  const [bootError, setBootError] = useState<string | null>(null);

  useEffect(() => {
    onUnauthorized(() => {
      clearMe();
      const here = currentPath();
      if (!here.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    loadMe().catch((e: Error) => setBootError(e.message));
  }, []);

  useEffect(() => {
    if (me === null && route.path !== '/login') navigate(`/login?next=${encodeURIComponent(currentPath())}`, { replace: true });
  }, [me, route.path]);

  if (route.path === '/login') return <Suspense fallback={loading}><Login /></Suspense>;
  if (bootError) {
    return <Notice title={t('common.loadFailed')} detail={bootError}
      action={<Button type="primary" onClick={() => window.location.reload()}>{t('common.reload')}</Button>} />;
  }
  if (!me) return loading;
  // Residents hold no registry permission; the office pages are not theirs.
  const content = can(me, 'registry.read') || can(me, 'org.read') || can(me, 'request.read')
    ? <Suspense fallback={loading}>{page(route)}</Suspense>
    : <Notice title={t('common.noAccess')} />;
  return (
    <AppLayout>
      <Boundary resetKey={route.path}>{content}</Boundary>
    </AppLayout>
  );
}

// On phones every control grows to 44px, the usual minimum for a fingertip.
const phoneTheme: ThemeConfig = { ...theme, token: { ...theme.token, controlHeight: 44 } };

export function App() {
  const { antdLocale } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  return (
    <ConfigProvider locale={antdLocale} theme={phone ? phoneTheme : theme}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}
