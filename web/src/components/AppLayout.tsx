// The frame around every page: a side menu on wide screens, a drawer on phones, and a header
// that always says who is signed in, in which role and over which area.
import { useEffect, useState, type ReactNode } from 'react';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Segmented, Space, type MenuProps } from 'antd';
import {
  ApartmentOutlined, BankOutlined, BarChartOutlined, BellOutlined, CalendarOutlined, DashboardOutlined, HomeOutlined, IdcardOutlined, LogoutOutlined,
  MenuOutlined, MessageOutlined, SendOutlined, TagsOutlined, TeamOutlined, UploadOutlined, UserOutlined,
  ClusterOutlined, CreditCardOutlined, FlagOutlined, ScheduleOutlined, SolutionOutlined, UsergroupAddOutlined, FireOutlined, KeyOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { api } from '../api.ts';
import { useLoad } from './data.ts';
import { useI18n, type Lang, type MessageKey } from '../i18n.ts';
import { navigate, useRoute } from '../router.ts';
import { can, logout, useMe, type Me } from '../session.ts';

interface Item { key: string; path: string; label: MessageKey; icon: ReactNode; perm: string }
const ITEMS: Item[] = [
  { key: '', path: '/', label: 'nav.overview', icon: <DashboardOutlined />, perm: 'region.read' },
  { key: 'requests', path: '/requests', label: 'nav.requests', icon: <MessageOutlined />, perm: 'request.read' },
  { key: 'request-stats', path: '/request-stats', label: 'nav.requestStats', icon: <BarChartOutlined />, perm: 'request.stats' },
  { key: 'topics', path: '/topics', label: 'nav.topics', icon: <FireOutlined />, perm: 'request.stats' },
  { key: 'regions', path: '/regions', label: 'nav.regions', icon: <ApartmentOutlined />, perm: 'region.read' },
  { key: 'households', path: '/households', label: 'nav.households', icon: <HomeOutlined />, perm: 'registry.read' },
  { key: 'residents', path: '/residents', label: 'nav.residents', icon: <TeamOutlined />, perm: 'registry.read' },
  { key: 'cadres', path: '/cadres', label: 'nav.cadres', icon: <IdcardOutlined />, perm: 'org.read' },
  { key: 'departments', path: '/departments', label: 'nav.departments', icon: <BankOutlined />, perm: 'org.read' },
  { key: 'import', path: '/import', label: 'nav.import', icon: <UploadOutlined />, perm: 'import.run' },
  { key: 'categories', path: '/categories', label: 'nav.categories', icon: <TagsOutlined />, perm: 'request.dispatch' },
  { key: 'calendar', path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined />, perm: 'request.dispatch' },
  { key: 'webhooks', path: '/webhooks', label: 'nav.webhooks', icon: <SendOutlined />, perm: 'webhook.manage' },
  { key: 'tokens', path: '/tokens', label: 'nav.tokens', icon: <KeyOutlined />, perm: 'user.manage' },
];
// 联户走访: one submenu, placed before 区域; keys are 'liaison/<page>'.
const LIAISON: Item[] = [
  { key: 'liaison/tasks', path: '/liaison/tasks', label: 'nav.liaisonTasks', icon: <ScheduleOutlined />, perm: 'registry.read' },
  { key: 'liaison/rounds', path: '/liaison/rounds', label: 'nav.liaisonRounds', icon: <FlagOutlined />, perm: 'registry.read' },
  { key: 'liaison/pairing', path: '/liaison/pairing', label: 'nav.liaisonPairing', icon: <ClusterOutlined />, perm: 'liaison.manage' },
  { key: 'liaison/responsibilities', path: '/liaison/responsibilities', label: 'nav.liaisonResponsibilities', icon: <SolutionOutlined />, perm: 'org.read' },
  { key: 'liaison/service-days', path: '/liaison/service-days', label: 'nav.liaisonServiceDays', icon: <CalendarOutlined />, perm: 'registry.read' },
  { key: 'liaison/cards', path: '/liaison/cards', label: 'nav.liaisonCards', icon: <CreditCardOutlined />, perm: 'org.read' },
];

/** The bell: unread notices, asked again every minute and whenever the page changes. */
function InboxBell() {
  const { t } = useI18n();
  const route = useRoute();
  const [tick, setTick] = useState(0);
  useEffect(() => { const h = setInterval(() => setTick((n) => n + 1), 60_000); return () => clearInterval(h); }, []);
  const { data } = useLoad((signal) => api.get<{ unread: number }>('/api/notifications', { unread: 'true', limit: 1 }, signal), [tick, route.path]);
  return (
    <Badge count={data?.unread ?? 0} overflowCount={99} offset={[-6, 6]}>
      <Button type="text" size="large" icon={<BellOutlined style={{ fontSize: 22 }} />} onClick={() => navigate('/inbox')} aria-label={t('nav.inbox')} data-testid="inbox-bell" />
    </Badge>
  );
}

export function scopeText(me: Me): string {
  const parts = [me.scope.region?.name, me.scope.department?.name].filter(Boolean);
  return parts.join(' · ');
}

export function LangSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Segmented<Lang> value={lang} onChange={(v) => setLang(v)} aria-label="语言 Language"
      options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe()!;
  const { t, pick } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const route = useRoute();
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const selected = route.segments[0] === 'liaison' ? `liaison/${route.segments[1] ?? 'tasks'}` : route.segments[0] ?? '';

  const flat: NonNullable<MenuProps['items']> = ITEMS.filter((i) => can(me, i.perm)).map((i) => ({ key: i.key, icon: i.icon, label: t(i.label) }));
  const liaison = LIAISON.filter((i) => can(me, i.perm)).map((i) => ({ key: i.key, icon: i.icon, label: t(i.label) }));
  const at = flat.findIndex((i) => i?.key === 'regions');
  const items = liaison.length
    ? [...flat.slice(0, at < 0 ? flat.length : at), { key: 'liaison', icon: <UsergroupAddOutlined />, label: t('nav.liaison'), children: liaison }, ...(at < 0 ? [] : flat.slice(at))]
    : flat;
  const go = (key: string) => {
    const item = [...ITEMS, ...LIAISON].find((i) => i.key === key);
    if (item) navigate(item.path);
    setDrawer(false);
  };
  const signOut = async () => { await logout().catch(() => undefined); navigate('/login', { replace: true }); };
  const role = pick(me.roleLabel?.zh, me.roleLabel?.en) || me.role;
  const scope = scopeText(me);

  const menu = <Menu mode="inline" selectedKeys={[selected]} defaultOpenKeys={selected.startsWith('liaison/') ? ['liaison'] : []} items={items} onClick={(e) => go(e.key)} style={{ borderInlineEnd: 0, fontSize: 17 }} />;
  const brand = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, height: 64, padding: '0 20px', fontWeight: 700, fontSize: 20, color: '#b8262b', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      <span aria-hidden style={{ display: 'inline-flex', width: 32, height: 32, borderRadius: 16, background: '#b8262b', color: '#fff', alignItems: 'center', justifyContent: 'center', fontSize: 17, flex: 'none' }}>连</span>
      {!collapsed || phone ? <span>{t('app.name')}</span> : null}
    </div>
  );

  const who = (
    <div style={{ lineHeight: 1.3, textAlign: 'right' }}>
      <div style={{ fontWeight: 600 }}>{me.displayName}</div>
      <span style={{ fontSize: 14, color: '#666' }}>{role}{scope ? ` · ${scope}` : ''}</span>
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider width={220} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" theme="light"
          style={{ borderInlineEnd: '1px solid #eee', position: 'sticky', top: 0, height: '100vh' }}>
          {/* The menu scrolls on its own above the collapse button, which never covers an item. */}
          <div style={{ height: 'calc(100vh - 48px)', overflowY: 'auto' }}>
            {brand}
            {menu}
          </div>
        </Layout.Sider>
      )}
      {phone && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={260} title={null} closable={false}
          styles={{ body: { padding: 0 } }}>
          {brand}
          <div style={{ padding: '0 20px 12px', fontSize: 15 }}>
            <div style={{ fontWeight: 600 }}>{me.displayName}</div>
            <span style={{ color: '#666' }}>{role}{scope ? ` · ${scope}` : ''}</span>
          </div>
          {menu}
          <div style={{ padding: 16 }}>
            <Button block size="large" icon={<LogoutOutlined />} onClick={signOut}>{t('auth.logout')}</Button>
          </div>
        </Drawer>
      )}
      <Layout>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #eee', position: 'sticky', top: 0, zIndex: 10, height: 64 }}>
          {phone && <Button type="text" size="large" icon={<MenuOutlined style={{ fontSize: 22 }} />} onClick={() => setDrawer(true)} aria-label={t('nav.menu')} />}
          {phone && <span style={{ fontWeight: 700, fontSize: 18, color: '#b8262b' }}>{t('app.name')}</span>}
          {!phone && <span style={{ fontSize: 16, color: '#666' }}>{t('app.title')}</span>}
          <div style={{ flex: 1 }} />
          <InboxBell />
          <LangSwitch />
          {phone ? (
            <Dropdown trigger={['click']} menu={{
              items: [
                { key: 'who', label: <div>{me.displayName}<br /><small>{role}{scope ? ` · ${scope}` : ''}</small></div>, disabled: true },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: signOut },
              ],
            }}>
              <Avatar size={40} style={{ background: '#b8262b', cursor: 'pointer', flex: 'none' }} icon={<UserOutlined />} aria-label={me.displayName} />
            </Dropdown>
          ) : (
            <Space size={16}>
              {who}
              <Button icon={<LogoutOutlined />} onClick={signOut}>{t('auth.logout')}</Button>
            </Space>
          )}
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
