// The field app (走访): my households, record a visit, raise a request, my tasks. Everything
// recorded goes to the outbox in IndexedDB first and shows at once as 待上传; the outbox is sent
// when there is a connection (on start, on the `online` event, every half minute, after each
// save). The lists come from the server when it answers and from the last copy when it does not.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, sendItem, type Category, type FieldMe, type Household, type VisitTask } from './api.ts';
import { cache, flush, newClientId, newItem, outbox, pendingOf, retryNow, type OutboxItem } from './outbox.ts';
import { Choices, Icons, KIND_LABEL, REQUEST_KINDS, Sheet, VISIT_KINDS, addDays, daysBetween, fmtDate, fmtTime, today, type VisitKind } from './ui.tsx';

type Tab = 'households' | 'visit' | 'request' | 'tasks';
type SheetState =
  | { type: 'visit'; householdIds: number[]; kind: VisitKind }
  | { type: 'request'; householdId: number; visitClientId: string | null }
  | { type: 'records' }
  | { type: 'me' };

const SYNC_EVERY_MS = 30_000;
const BIG_KEY = 'lx-field-big';

interface View extends Household { pending: boolean; lastOn: string | null; due: boolean }

export function App() {
  const [phase, setPhase] = useState<'loading' | 'login' | 'app'>('loading');
  const [loginNote, setLoginNote] = useState<string | null>(null);
  const [me, setMe] = useState<FieldMe | null>(null);
  const [households, setHouseholds] = useState<Household[]>([]);
  const [tasks, setTasks] = useState<VisitTask[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [listsAt, setListsAt] = useState<number | null>(null);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [big, setBig] = useState(document.documentElement.classList.contains('big'));
  const [tab, setTab] = useState<Tab>('households');
  const [sheet, setSheet] = useState<SheetState | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const meRef = useRef<FieldMe | null>(null);

  const say = useCallback((s: string) => setToast(s), []);
  useEffect(() => { if (!toast) return; const t = setTimeout(() => setToast(null), 2600); return () => clearTimeout(t); }, [toast]);

  const reloadItems = useCallback(async () => { setItems(await outbox.all().catch(() => [])); }, []);

  const loadCachedLists = useCallback(async () => {
    const [h, t, c] = await Promise.all([cache.get<Household[]>('households'), cache.get<VisitTask[]>('tasks'), cache.get<Category[]>('categories')]).catch(() => [null, null, null]);
    if (h) { setHouseholds(h.value); setListsAt(h.savedAt); }
    if (t) setTasks(t.value);
    if (c) setCategories(c.value);
  }, []);

  const lost = useRef(false);
  const sessionLost = useCallback(() => {
    lost.current = true;
    setLoginNote('登录已过期，请重新登录。未上传的记录仍保存在手机上，登录后自动上传。');
    setPhase('login');
  }, []);

  /** Fresh lists from the server; each kept in IndexedDB for the next time there is no signal. */
  const refreshLists = useCallback(async () => {
    const jobs: [string, () => Promise<unknown>, (v: any) => void][] = [
      ['households', api.households, (v) => { setHouseholds(v); setListsAt(Date.now()); }],
      ['tasks', api.tasks, setTasks],
      ['categories', api.categories, setCategories],
    ];
    await Promise.all(jobs.map(async ([key, get, set]) => {
      try {
        const v = await get();
        set(v);
        await cache.set(key, v);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) sessionLost();
      }
    }));
  }, [sessionLost]);

  const sync = useCallback(async () => {
    const m = meRef.current;
    if (!m || lost.current) return;
    const report = await flush(m.user.id, sendItem, () => { void reloadItems(); });
    await reloadItems();
    if (report.auth) sessionLost();
    if (report.sent) await refreshLists();
  }, [reloadItems, refreshLists, sessionLost]);

  /** Who am I, from the server; falls back to the cached answer with no signal. */
  const start = useCallback(async () => {
    const cached = await cache.get<FieldMe>('me').catch(() => null);
    if (cached && !meRef.current) {
      meRef.current = cached.value;
      setMe(cached.value);
      await loadCachedLists();
      setPhase('app');
    }
    await reloadItems();
    try {
      const m = await api.me();
      if (cached && cached.value.user.id !== m.user.id) {
        await cache.clear();
        setHouseholds([]); setTasks([]); setCategories([]); setListsAt(null);
      }
      meRef.current = m;
      lost.current = false;
      setMe(m);
      await cache.set('me', m);
      setPhase('app');
      void navigator.storage?.persist?.().catch(() => {});
      await refreshLists();
      await sync();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        meRef.current = null;
        if (cached) sessionLost(); else setPhase('login');
      } else if (!cached) {
        setLoginNote('现在连不上服务器。第一次使用需要联网登录，之后没有信号也能记录。');
        setPhase('login');
      }
    }
  }, [loadCachedLists, refreshLists, reloadItems, sessionLost, sync]);

  useEffect(() => { void start(); }, [start]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      const m = meRef.current;
      if (m) void outbox.wake(m.user.id).then(sync).then(refreshLists);
    };
    const down = () => setOnline(false);
    // Back to the app after a while (the phone was in a pocket): fresh lists, and send what waits.
    const seen = () => { if (document.visibilityState === 'visible' && navigator.onLine && meRef.current) void sync().then(refreshLists); };
    document.addEventListener('visibilitychange', seen);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => { if (navigator.onLine) void sync(); }, SYNC_EVERY_MS);
    return () => { window.removeEventListener('online', up); window.removeEventListener('offline', down); clearInterval(timer); document.removeEventListener('visibilitychange', seen); };
  }, [sync, refreshLists]);

  const toggleBig = () => {
    const next = !big;
    setBig(next);
    document.documentElement.classList.toggle('big', next);
    try { localStorage.setItem(BIG_KEY, next ? '1' : '0'); } catch { /* private mode */ }
  };

  // ---------- derived ----------
  const userId = me?.user.id ?? null;
  const mine = useMemo(() => items.filter((i) => i.userId === userId), [items, userId]);
  const pending = pendingOf(mine, userId).length;
  const failed = mine.filter((i) => i.status === 'failed').length;
  const localVisits = useMemo(() => mine.filter((i) => i.type === 'visit' && i.status !== 'failed'), [mine]);

  const interval = me?.settings?.priorityIntervalDays ?? 0;
  const views: View[] = useMemo(() => households.map((h) => {
    const mineFor = localVisits.filter((v) => v.label.householdIds.includes(h.id));
    const localLast = mineFor.map((v) => v.label.visitedOn ?? '').sort().pop() || null;
    const lastOn = [h.lastVisitOn, localLast].filter((x): x is string => !!x).sort().pop() ?? null;
    const visitedSince = !!localLast && (!h.lastVisitOn || localLast > h.lastVisitOn);
    // Visited here since the list was fetched: the next priority visit falls due an interval later.
    const nextDueOn = visitedSince && h.priority && interval ? addDays(localLast!, interval) : h.nextDueOn;
    return { ...h, nextDueOn, pending: mineFor.some((v) => v.status === 'pending'), lastOn, due: h.overdue && !visitedSince };
  }), [households, localVisits, interval]);

  // Recorded here, not yet on the server: any visit answers a priority visit owed; a timely task wants a timely visit.
  const taskDone = (t: VisitTask) => localVisits.some((v) => v.status === 'pending' && v.label.householdIds.includes(t.householdId) && (t.kind === 'priority' || v.label.kind === 'timely'));
  const openTasks = tasks.filter((t) => !taskDone(t));
  const overdueTasks = openTasks.filter((t) => t.overdue).length;

  // ---------- saving ----------
  async function saveVisit(v: { householdIds: number[]; kind: VisitKind; visitedOn: string; notes: string; cadreIds: number[]; serviceDay: string | null }, thenRequest: boolean) {
    if (!me) return;
    const clientId = newClientId();
    const body: Record<string, unknown> = { clientId, householdIds: v.householdIds, visitedOn: v.visitedOn, kind: v.kind };
    if (v.notes.trim()) body.notes = v.notes.trim();
    if (v.cadreIds.length) body.cadreIds = v.cadreIds;
    if (v.kind === 'contact_day' && v.serviceDay) body.serviceDay = v.serviceDay;
    const hs = households.filter((h) => v.householdIds.includes(h.id));
    const where = hs.length === 1 ? hs[0].address : `${hs.length} 户：${hs.map((h) => h.headName ?? h.address).join('、')}`;
    await outbox.put(newItem('visit', me.user.id, body, { title: `${KIND_LABEL[v.kind]} · ${where}`, detail: v.notes.trim(), householdIds: v.householdIds, visitedOn: v.visitedOn, kind: v.kind }, clientId));
    await reloadItems();
    if (thenRequest) setSheet({ type: 'request', householdId: v.householdIds[0], visitClientId: clientId });
    else { setSheet(null); say(navigator.onLine ? '已保存，正在上传' : '已保存在手机上，有信号后自动上传'); }
    if (navigator.onLine) void sync();
  }

  async function saveRequest(r: { householdId: number; visitClientId: string | null; categoryId: number; kind: string; text: string; urgent: boolean }) {
    if (!me) return;
    const clientId = newClientId();
    const body: Record<string, unknown> = { kind: r.kind, channel: 'visit', categoryId: r.categoryId, text: r.text.trim(), urgency: r.urgent ? 'urgent' : 'normal', householdId: r.householdId };
    if (r.visitClientId) body.visitClientId = r.visitClientId;
    const h = households.find((x) => x.id === r.householdId);
    const cat = categories.find((c) => c.id === r.categoryId);
    await outbox.put(newItem('request', me.user.id, body, { title: `诉求 · ${cat?.name ?? ''}${r.urgent ? '（紧急）' : ''} · ${h?.address ?? ''}`, detail: r.text.trim(), householdIds: [r.householdId] }, clientId, r.visitClientId));
    await reloadItems();
    setSheet(null);
    say(navigator.onLine ? '诉求已保存，正在上传' : '诉求已保存在手机上，有信号后自动上传');
    if (navigator.onLine) void sync();
  }

  async function logout() {
    if (pending && !window.confirm(`还有 ${pending} 条记录没有上传。退出后，要用同一账号重新登录才会上传。确定退出？`)) return;
    try { await api.logout(); } catch { /* offline: the session ends on the server when it expires */ }
    await cache.clear().catch(() => {});
    meRef.current = null;
    setMe(null); setHouseholds([]); setTasks([]); setCategories([]); setSheet(null);
    setLoginNote(null);
    setPhase('login');
  }

  // ---------- screens ----------
  if (phase === 'loading') return <p className="empty">加载中…</p>;
  if (phase === 'login' || !me) return <Login note={loginNote} online={online} onDone={() => { setLoginNote(null); void start(); }} />;

  const subtitle = me.groups.length ? me.groups.map((g) => g.name).join('、') : (me.cadre ? '联户干部' : '走访');
  return (
    <div className="app">
      <header className="top">
        <button type="button" className="who" onClick={() => setSheet({ type: 'me' })} aria-label="我的信息">
          <b>{me.user.displayName}</b>
          <small>{subtitle}</small>
        </button>
        <span className={online ? 'net' : 'net off'} data-testid="net">{online ? '在线' : '离线'}</span>
        {pending > 0 && <button type="button" className="pill queue" data-testid="pending-count" onClick={() => setSheet({ type: 'records' })}>待上传 {pending}</button>}
        <button type="button" className={big ? 'pill on' : 'pill'} aria-pressed={big} onClick={toggleBig}>大字</button>
      </header>
      {!online && <div className="banner">离线：记录先存在手机上，有信号后自动上传。{listsAt ? `名单更新于 ${fmtTime(listsAt)}` : ''}</div>}
      {failed > 0 && <div className="banner bad">{failed} 条记录上传失败 <button type="button" className="small-btn red" onClick={() => setSheet({ type: 'records' })}>查看</button></div>}

      {tab === 'households' && (
        <section className="page">
          <HouseholdPicker views={views} mode="open" onPick={(ids) => setSheet({ type: 'visit', householdIds: ids, kind: 'routine' })} hint="点住户，直接记一次走访" />
        </section>
      )}
      {tab === 'visit' && <VisitTab views={views} mine={mine} onRecords={() => setSheet({ type: 'records' })} onNext={(ids) => setSheet({ type: 'visit', householdIds: ids, kind: 'routine' })} />}
      {tab === 'request' && (
        <section className="page">
          <h2>提诉求</h2>
          <HouseholdPicker views={views} mode="open" onPick={(ids) => setSheet({ type: 'request', householdId: ids[0], visitClientId: null })} hint="先点一下反映问题的住户" />
        </section>
      )}
      {tab === 'tasks' && <TasksTab me={me} tasks={tasks} done={taskDone} onPick={(t) => setSheet({ type: 'visit', householdIds: [t.householdId], kind: t.kind })} />}

      <nav className="tabs" role="tablist" aria-label="功能">
        {([['households', '我的住户', Icons.home], ['visit', '记走访', Icons.pen], ['request', '提诉求', Icons.voice], ['tasks', '我的任务', Icons.tasks]] as const).map(([key, label, icon]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} onClick={() => { setTab(key); if (key === 'tasks' && navigator.onLine) void refreshLists(); }}>
            {icon}<span>{label}</span>
            {key === 'tasks' && overdueTasks > 0 && <span className="badge">{overdueTasks}</span>}
          </button>
        ))}
      </nav>

      {sheet?.type === 'visit' && (
        <VisitSheet key={sheet.householdIds.join(',') + sheet.kind} me={me} households={households.filter((h) => sheet.householdIds.includes(h.id))} kind={sheet.kind}
          onSave={saveVisit} onOnlyRequest={() => setSheet({ type: 'request', householdId: sheet.householdIds[0], visitClientId: null })} onClose={() => setSheet(null)} />
      )}
      {sheet?.type === 'request' && (
        <RequestSheet household={households.find((h) => h.id === sheet.householdId) ?? null} householdId={sheet.householdId} visitClientId={sheet.visitClientId}
          categories={categories} online={online} onSave={saveRequest} onClose={() => { setSheet(null); if (sheet.visitClientId) say('走访已保存'); }} />
      )}
      {sheet?.type === 'records' && (
        <RecordsSheet items={mine} online={online} onClose={() => setSheet(null)}
          onRetry={async (i) => { await outbox.put(retryNow(i)); await reloadItems(); void sync(); }}
          onDelete={async (i) => { if (window.confirm('删除后这条记录不会再上传，确定删除？')) { await outbox.remove(i.clientId); await reloadItems(); } }}
          onSendNow={async () => { if (me) await outbox.wake(me.user.id); await sync(); }} />
      )}
      {sheet?.type === 'me' && <MeSheet me={me} big={big} onBig={toggleBig} onLogout={logout} onClose={() => setSheet(null)} />}
      {toast && <div className="toast" role="status">{toast}</div>}
    </div>
  );
}

// ---------- sign in ----------
function Login({ note, online, onDone }: { note: string | null; online: boolean; onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.login(username.trim(), password);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 0 ? '网络不通，请有信号时再登录' : (err as Error).message);
    } finally { setBusy(false); }
  }
  return (
    <form className="login" onSubmit={submit}>
      <h1>连心 · 走访</h1>
      <p>联户干部、网格员入户走访使用</p>
      {note && <div className="banner" style={{ margin: '0 0 1rem' }}>{note}</div>}
      {!online && !note && <div className="banner" style={{ margin: '0 0 1rem' }}>当前没有网络，登录需要联网</div>}
      <label className="label" htmlFor="lx-user">用户名</label>
      <input id="lx-user" className="field" autoComplete="username" autoCapitalize="off" value={username} onChange={(e) => setUsername(e.target.value)} required />
      <label className="label" htmlFor="lx-pass">密码</label>
      <input id="lx-pass" className="field" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      {error && <div className="error" role="alert">{error}</div>}
      <button className="btn primary" type="submit" disabled={busy}>{busy ? '正在登录…' : '登录'}</button>
    </form>
  );
}

// ---------- households ----------
function matches(h: View, q: string) {
  if (!q) return true;
  return [h.address, h.headName ?? '', h.code ?? '', h.groupName ?? '', ...h.tags].some((s) => s.includes(q));
}

function HouseholdPicker({ views, mode, onPick, hint, selected, onToggle }: {
  views: View[]; mode: 'open' | 'select'; hint: string;
  onPick?: (ids: number[]) => void; selected?: Set<number>; onToggle?: (id: number) => void;
}) {
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState<'all' | 'due' | 'priority'>('all');
  const due = views.filter((v) => v.due).length;
  const prio = views.filter((v) => v.priority).length;
  const shown = views.filter((v) => matches(v, q.trim()) && (filter === 'all' || (filter === 'due' ? v.due : v.priority)));
  return (
    <>
      <input className="search" type="search" placeholder="搜索地址、户主、标签" aria-label="搜索住户" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="choices" style={{ marginBottom: '0.6rem' }}>
        <button type="button" className="choice" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>全部 {views.length}</button>
        <button type="button" className="choice" aria-pressed={filter === 'due'} onClick={() => setFilter('due')}>超期 {due}</button>
        <button type="button" className="choice" aria-pressed={filter === 'priority'} onClick={() => setFilter('priority')}>重点户 {prio}</button>
      </div>
      <p className="hint">{hint}</p>
      {views.length === 0 && <p className="empty">还没有包联的住户。名单由办公室分组后显示。</p>}
      {views.length > 0 && shown.length === 0 && <p className="empty">没有找到符合条件的住户</p>}
      <ul className="list">
        {shown.map((h) => {
          const isSel = selected?.has(h.id) ?? false;
          return (
            <li key={h.id}>
              <button type="button" className={`card${h.due ? ' overdue' : ''}${isSel ? ' selected' : ''}`} data-household={h.id} aria-pressed={mode === 'select' ? isSel : undefined}
                onClick={() => (mode === 'select' ? onToggle?.(h.id) : onPick?.([h.id]))}>
                {mode === 'select' && <span className="check" aria-hidden="true">{isSel ? '✓' : ''}</span>}
                <div className="addr">{h.priority && <span className="star" title="重点户">★ </span>}{h.address}</div>
                <div className="row">
                  {h.headName && <span className="head">{h.headName}</span>}
                  {h.tags.map((t) => <span key={t} className={h.priority ? 'tag prio' : 'tag'}>{t}</span>)}
                </div>
                <div className="row">
                  <span>{h.lastOn ? `上次走访 ${fmtDate(h.lastOn)}` : '尚未走访'}</span>
                  {h.due && <span className="chip-status overdue">已超期{h.nextDueOn ? ` ${Math.max(0, daysBetween(h.nextDueOn, today()))}天` : ''}</span>}
                  {!h.due && h.nextDueOn && <span className="chip-status due">应访 {fmtDate(h.nextDueOn)}</span>}
                  {h.pending && <span className="chip-status pending">待上传</span>}
                </div>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function VisitTab({ views, mine, onRecords, onNext }: { views: View[]; mine: OutboxItem[]; onRecords: () => void; onNext: (ids: number[]) => void }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const todays = mine.filter((i) => i.type === 'visit' && i.label.visitedOn === today()).length;
  const waiting = mine.filter((i) => i.status === 'pending').length;
  const toggle = (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  return (
    <section className="page">
      <div className="summary">
        <span>今天记了 <b>{todays}</b> 次走访{waiting ? <>，<b>{waiting}</b> 条待上传</> : ''}</span>
        <button type="button" className="small-btn" onClick={onRecords}>记录</button>
      </div>
      <h2>记走访</h2>
      <HouseholdPicker views={views} mode="select" selected={selected} onToggle={toggle} hint="一次走访多户时，把这些户都勾上" />
      <div className="sticky-bottom">
        <button type="button" className="btn primary" disabled={!selected.size} onClick={() => { onNext([...selected]); setSelected(new Set()); }}>
          {selected.size ? `填写走访（已选 ${selected.size} 户）` : '请先选择住户'}
        </button>
      </div>
    </section>
  );
}

function VisitSheet({ me, households, kind: initialKind, onSave, onOnlyRequest, onClose }: {
  me: FieldMe; households: Household[]; kind: VisitKind;
  onSave: (v: { householdIds: number[]; kind: VisitKind; visitedOn: string; notes: string; cadreIds: number[]; serviceDay: string | null }, thenRequest: boolean) => Promise<void>;
  onOnlyRequest: () => void; onClose: () => void;
}) {
  const [kind, setKind] = useState<VisitKind>(initialKind);
  const [date, setDate] = useState(today());
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groupIds = new Set(households.map((h) => h.groupId));
  const groups = me.groups.filter((g) => groupIds.has(g.id));
  const members = [...new Map((groups.length ? groups : me.groups).flatMap((g) => g.members).map((m) => [m.id, m])).values()];
  const [cadres, setCadres] = useState<number[]>(me.cadre ? [me.cadre.id] : []);
  const serviceDays = me.settings?.serviceDays ?? [];
  const [serviceDay, setServiceDay] = useState<string | null>(serviceDays[0]?.code ?? null);

  async function save(thenRequest: boolean) {
    if (!date) { setError('请填写走访日期'); return; }
    if (date > today()) { setError('走访日期不能晚于今天'); return; }
    setBusy(true); setError(null);
    try { await onSave({ householdIds: households.map((h) => h.id), kind, visitedOn: date, notes, cadreIds: cadres, serviceDay }, thenRequest); }
    catch (e) { setError(`保存失败：${(e as Error).message}`); setBusy(false); }
  }
  const one = households.length === 1 ? households[0] : null;
  return (
    <Sheet title="记走访" onClose={onClose} testId="visit-sheet">
      <div className="who-line">
        {one ? <><b>{one.address}</b>{one.headName ? ` · ${one.headName}` : ''}</> : <><b>{households.length} 户</b>：{households.map((h) => h.headName ?? h.address).join('、')}</>}
      </div>
      <span className="label">走访类型</span>
      <Choices name="走访类型" options={VISIT_KINDS} value={kind} onChange={setKind} />
      {kind === 'contact_day' && serviceDays.length > 1 && (
        <>
          <span className="label">服务日</span>
          <Choices name="服务日" options={serviceDays.map((s) => ({ value: s.code, label: s.name }))} value={serviceDay} onChange={setServiceDay} />
        </>
      )}
      <label className="label" htmlFor="lx-date">走访日期</label>
      <input id="lx-date" className="field" type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
      {members.length > 1 && (
        <>
          <span className="label">一同走访</span>
          <div className="choices" role="group" aria-label="一同走访">
            {members.map((m) => (
              <button key={m.id} type="button" className="choice" aria-pressed={cadres.includes(m.id)}
                onClick={() => setCadres((c) => (c.includes(m.id) ? c.filter((x) => x !== m.id) : [...c, m.id]))}>{m.name}</button>
            ))}
          </div>
        </>
      )}
      <label className="label" htmlFor="lx-notes">民情日记（可不填）</label>
      <textarea id="lx-notes" className="field" placeholder="家里的情况、群众说的事" maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      {error && <div className="error" role="alert">{error}</div>}
      <div style={{ marginTop: '1rem' }}>
        <button type="button" className="btn primary" disabled={busy} onClick={() => save(false)}>保存</button>
        {one && <button type="button" className="btn second" disabled={busy} onClick={() => save(true)}>保存并提诉求</button>}
        {one && <button type="button" className="btn plain" disabled={busy} onClick={onOnlyRequest}>只提诉求，不记走访</button>}
      </div>
    </Sheet>
  );
}

/** Fewer characters than this say too little to suggest from. */
const SUGGEST_MIN_CHARS = 4;
/** Ask once typing pauses this long. */
const SUGGEST_DELAY_MS = 600;

/**
 * Up to three categories suggested for the text, once typing pauses — only with a signal, and
 * only categories this phone knows. A call overtaken by more typing is cancelled and its answer
 * ignored; any failure just means no suggestions. Nothing here ever waits on the network.
 */
function useCategorySuggestions(text: string, householdId: number, online: boolean, categories: Category[]): Category[] {
  const [found, setFound] = useState<number[]>([]);
  const t = text.trim();
  useEffect(() => {
    if (!online || t.length < SUGGEST_MIN_CHARS) { setFound([]); return; }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      void api.suggest(t, householdId, ctl.signal).then((list) => { if (!ctl.signal.aborted) setFound(list.map((c) => c.id!)); });
    }, SUGGEST_DELAY_MS);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [t, householdId, online]);
  return useMemo(() => found.map((id) => categories.find((c) => c.id === id)).filter((c): c is Category => !!c).slice(0, 3), [found, categories]);
}

function RequestSheet({ household, householdId, visitClientId, categories, online, onSave, onClose }: {
  household: Household | null; householdId: number; visitClientId: string | null; categories: Category[]; online: boolean;
  onSave: (r: { householdId: number; visitClientId: string | null; categoryId: number; kind: string; text: string; urgent: boolean }) => Promise<void>;
  onClose: () => void;
}) {
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [kind, setKind] = useState<string>('demand');
  const [text, setText] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggested = useCategorySuggestions(text, householdId, online, categories);
  async function submit() {
    if (!categoryId) { setError('请选择分类'); return; }
    if (text.trim().length < 2) { setError('请写下群众反映的内容（至少两个字）'); return; }
    setBusy(true); setError(null);
    try { await onSave({ householdId, visitClientId, categoryId, kind, text, urgent }); }
    catch (e) { setError(`保存失败：${(e as Error).message}`); setBusy(false); }
  }
  return (
    <Sheet title={visitClientId ? '提诉求（本次走访）' : '提诉求'} onClose={onClose} testId="request-sheet">
      <div className="who-line">{household ? <><b>{household.address}</b>{household.headName ? ` · ${household.headName}` : ''}</> : `住户 ${householdId}`}</div>
      {visitClientId && <p className="hint">走访已保存。下面记录群众提出的问题，会转给相关部门办理。</p>}
      <label className="label" htmlFor="lx-text">群众反映的内容</label>
      <textarea id="lx-text" className="field" maxLength={5000} placeholder="谁、什么事、在哪里、希望怎么办" value={text} onChange={(e) => setText(e.target.value)} />
      <div aria-live="polite">
        {suggested.length > 0 && (
          <div className="suggest" data-testid="category-suggestions">
            <span className="suggest-label">推荐分类（点一下就选上）</span>
            <div className="choices" role="group" aria-label="推荐分类">
              {suggested.map((c) => (
                <button key={c.id} type="button" className="choice suggest-chip" aria-pressed={categoryId === c.id}
                  onClick={() => { setCategoryId(c.id); setError(null); }}>{c.name}</button>
              ))}
            </div>
          </div>
        )}
      </div>
      <span className="label">分类</span>
      {categories.length === 0
        ? <p className="error">分类还没有下载，请联网打开一次后再提诉求</p>
        : <Choices name="分类" options={categories.map((c) => ({ value: String(c.id), label: c.name }))} value={categoryId ? String(categoryId) : null} onChange={(v) => setCategoryId(Number(v))} />}
      <span className="label">类型</span>
      <Choices name="类型" options={REQUEST_KINDS} value={kind as (typeof REQUEST_KINDS)[number]['value']} onChange={setKind} />
      <label className="switch"><input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />紧急（危及安全、需马上处理）</label>
      {error && <div className="error" role="alert">{error}</div>}
      <button type="button" className="btn primary" style={{ marginTop: '0.8rem' }} disabled={busy} onClick={submit}>提交诉求</button>
    </Sheet>
  );
}

const STATUS_LABEL = { pending: '待上传', sent: '已上传', failed: '上传失败' } as const;

function RecordsSheet({ items, online, onClose, onRetry, onDelete, onSendNow }: {
  items: OutboxItem[]; online: boolean; onClose: () => void;
  onRetry: (i: OutboxItem) => void; onDelete: (i: OutboxItem) => void; onSendNow: () => void;
}) {
  const list = [...items].sort((a, b) => b.createdAt - a.createdAt);
  const pending = list.filter((i) => i.status === 'pending').length;
  const failed = list.filter((i) => i.status === 'failed').length;
  return (
    <Sheet title="我的记录" onClose={onClose} testId="records-sheet">
      <div className="summary">
        <span>{pending ? `${pending} 条待上传` : failed ? `${failed} 条上传失败，请看下面的原因` : '全部已上传'}{online ? '' : '（离线）'}</span>
        {pending > 0 && online && <button type="button" className="small-btn" onClick={onSendNow}>立即上传</button>}
      </div>
      {list.length === 0 && <p className="empty">还没有记录</p>}
      <ul className="list records">
        {list.map((i) => (
          <li key={i.clientId} className={`card ${i.status}`} data-outbox={i.type} data-status={i.status} data-client-id={i.clientId}>
            <div className="addr">{i.label.title}</div>
            {i.label.detail && <div className="row">{i.label.detail.length > 60 ? `${i.label.detail.slice(0, 60)}…` : i.label.detail}</div>}
            <div className="row">
              <span className={`chip-status ${i.status}`}>{STATUS_LABEL[i.status]}</span>
              <span>{i.label.visitedOn ? `走访 ${fmtDate(i.label.visitedOn)} · ` : ''}记于 {fmtTime(i.createdAt)}</span>
              {i.serverRef && i.type === 'request' && <span>编号 {i.serverRef}</span>}
            </div>
            {i.error && i.status !== 'sent' && <div className="msg">{i.error}</div>}
            {i.status === 'failed' && (
              <div className="actions">
                <button type="button" className="small-btn" onClick={() => onRetry(i)}>重新上传</button>
                <button type="button" className="small-btn red" onClick={() => onDelete(i)}>删除</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Sheet>
  );
}

function TasksTab({ me, tasks, done, onPick }: { me: FieldMe; tasks: VisitTask[]; done: (t: VisitTask) => boolean; onPick: (t: VisitTask) => void }) {
  const sorted = [...tasks].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const next = me.nextServiceDays ?? [];
  return (
    <section className="page">
      <h2>我的任务</h2>
      {next.length > 0 && (
        <div className="summary" style={{ flexWrap: 'wrap' }}>
          <b>近期服务日</b>
          {next.map((s) => <span key={s.code + s.date} className="tag" style={{ flex: 'none', fontSize: '0.95rem' }}>{s.name} {fmtDate(s.date)}</span>)}
        </div>
      )}
      {sorted.length === 0 && <p className="empty">暂无待办的走访任务</p>}
      <ul className="list">
        {sorted.map((t) => {
          const isDone = done(t);
          return (
            <li key={t.key}>
              <button type="button" className={`card${t.overdue && !isDone ? ' overdue' : ''}`} data-task={t.key} onClick={() => onPick(t)} style={isDone ? { opacity: 0.6 } : undefined}>
                <div className="addr"><span className="tag prio">{KIND_LABEL[t.kind]}</span> {t.address}</div>
                <div className="row">
                  {t.headName && <span className="head">{t.headName}</span>}
                  {t.reason && <span>{t.reason}</span>}
                </div>
                <div className="row">
                  {isDone ? <span className="chip-status pending">已记录，待上传</span>
                    : t.overdue ? <span className="chip-status overdue">已超期 {Math.max(0, daysBetween(t.dueOn, today()))} 天</span>
                      : <span className="chip-status due">{fmtDate(t.dueOn)} 前走访</span>}
                </div>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function MeSheet({ me, big, onBig, onLogout, onClose }: { me: FieldMe; big: boolean; onBig: () => void; onLogout: () => void; onClose: () => void }) {
  return (
    <Sheet title="我的" onClose={onClose}>
      <div className="me-block"><b>{me.user.displayName}</b>{me.cadre ? `（${me.cadre.name}）` : ''}</div>
      {me.groups.map((g) => (
        <div key={g.id} className="me-block">
          <b>{g.name}</b> · {g.departmentName}
          {g.members.map((m) => <div key={m.id}>{m.name}{m.phone ? <> · <a href={`tel:${m.phone}`}>{m.phone}</a></> : ''}</div>)}
        </div>
      ))}
      {(me.nextServiceDays ?? []).length > 0 && <div className="me-block">{me.nextServiceDays.map((s) => <div key={s.code}>{s.name}：{fmtDate(s.date)}</div>)}</div>}
      <label className="switch"><input type="checkbox" checked={big} onChange={onBig} />大字模式</label>
      <button type="button" className="btn plain" onClick={onLogout}>退出登录</button>
    </Sheet>
  );
}
