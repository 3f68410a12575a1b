// The resident's page a service card's QR code opens (/card/#<token>): no sign-in, React only,
// Chinese, large text, phone first. It shows the household's liaison group and the hotline (tap
// to call) and takes a request: kind, text, category, urgent or not, anonymous or a name and
// phone. The draft and its Idempotency-Key are kept in localStorage until the server confirms,
// so a failed or interrupted submission loses nothing and a retry never files it twice. Once the
// resident pauses writing, up to three likely categories appear as big buttons above the list
// (POST /api/public/card/:token/suggest); one tap chooses one, nothing is chosen without a tap,
// and with no signal or any error they simply do not appear.
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface Cadre { name: string; phone: string | null }
interface CardInfo {
  place: { district: string | null; street: string | null; community: string | null; grid: string | null };
  group: { name: string; department: string | null; cadres: Cadre[] } | null;
  hotline: string;
  categories: { code: string; name: string }[];
  kinds: { code: string; name: string }[];
  expiresOn: string;
}
interface Problem { field: string; reason: string }
interface Failure { message: string; details: Problem[] }
interface Draft { kind: string; category: string; text: string; urgent: boolean; anonymous: boolean; name: string; phone: string }
interface Pending { key: string; sig: string }
interface Done { code: string; message: string; replyDue: string; category: string; anonymous?: boolean }
interface Suggested { code: string; name: string; score: number }

const MAX_TEXT = 2000;
const EMPTY: Draft = { kind: 'demand', category: '', text: '', urgent: false, anonymous: false, name: '', phone: '' };
// The order residents think in: asking for help first.
const KIND_ORDER = ['demand', 'complaint', 'suggestion', 'inquiry', 'opinion'];
const KIND_SHORT: Record<string, string> = { demand: '求助', complaint: '投诉', suggestion: '建议', inquiry: '咨询', opinion: '意见' };

function readToken(): string {
  const fromHash = window.location.hash.replace(/^#\/?/, '').trim();
  if (fromHash) return decodeURIComponent(fromHash);
  return new URLSearchParams(window.location.search).get('t')?.trim() ?? '';
}

/** Random hex from getRandomValues: randomUUID is missing on plain http, which a village LAN may use. */
function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function cookie(name: string): string | null {
  const hit = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

const store = {
  get<T>(k: string): T | null { try { const v = localStorage.getItem(k); return v ? (JSON.parse(v) as T) : null; } catch { return null; } },
  set(k: string, v: unknown) { try { localStorage.setItem(k, JSON.stringify(v)); } catch { /* private mode: the draft lives in memory only */ } },
  del(k: string) { try { localStorage.removeItem(k); } catch { /* ignore */ } },
};

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  // An official testing the card in a browser that is signed in to the office app carries its
  // session cookie; the server then wants that session's CSRF token on a write.
  const csrf = method !== 'GET' ? cookie('lx_csrf') : null;
  if (csrf) h['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw { message: '网络连接失败，您写的内容已保存在本机。请检查网络后点“重新提交”。', details: [] } satisfies Failure;
  }
  let data: any = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    throw {
      message: data?.message ?? `服务器暂时无法处理（${res.status}），您写的内容已保存，请稍后重试或拨打服务热线。`,
      details: Array.isArray(data?.details) ? data.details : [],
    } satisfies Failure;
  }
  return data as T;
}

/** Ask for suggestions once there are this many characters, when typing has paused this long. */
const SUGGEST_MIN_CHARS = 4;
const SUGGEST_DELAY_MS = 700;

/**
 * The categories the server suggests for the text. A call overtaken by more typing is cancelled
 * and its answer ignored; no signal, a refusal or a slow answer just means no suggestions.
 */
function useSuggestions(token: string, text: string, enabled: boolean): Suggested[] {
  const [found, setFound] = useState<Suggested[]>([]);
  const t = text.trim();
  useEffect(() => {
    if (!enabled || !token || t.length < SUGGEST_MIN_CHARS || !navigator.onLine) { setFound([]); return; }
    const ctl = new AbortController();
    const timer = setTimeout(async () => {
      const limit = setTimeout(() => ctl.abort(), 8000);
      try {
        const csrf = cookie('lx_csrf');
        const res = await fetch(`/api/public/card/${encodeURIComponent(token)}/suggest`, {
          method: 'POST', credentials: 'same-origin', signal: ctl.signal, body: JSON.stringify({ text: t }),
          headers: { accept: 'application/json', 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        });
        const data = res.ok ? await res.json() : null;
        const list = Array.isArray(data?.categories) ? (data.categories as Suggested[]) : [];
        if (!ctl.signal.aborted) setFound(list.filter((c) => typeof c.code === 'string' && typeof c.name === 'string').slice(0, 3));
      } catch { /* no signal, too slow, or overtaken: no suggestions */ } finally { clearTimeout(limit); }
    }, SUGGEST_DELAY_MS);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [token, t, enabled]);
  return found;
}

const tel = (p: string) => `tel:${p.replace(/[^\d+]/g, '')}`;
const spaced = (p: string) => (/^1\d{10}$/.test(p) ? `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}` : p);

// Drawn, not an emoji: many phones and printers have no colour-emoji font.
const PhoneIcon = () => (
  <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" style={{ verticalAlign: '-3px' }}>
    <path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z" />
  </svg>
);

function CallRow({ name, phone, hot }: { name: string; phone: string; hot?: boolean }) {
  return (
    <a className={hot ? 'call hot' : 'call'} href={tel(phone)} aria-label={`拨打 ${name} ${phone}`}>
      <b>{name}</b>
      <span className="num"><PhoneIcon /> {spaced(phone)}</span>
    </a>
  );
}

function App() {
  const token = readToken();
  const draftKey = `lx-card-draft:${token.slice(0, 16)}`;
  const pendingKey = `lx-card-pending:${token.slice(0, 16)}`;
  const [card, setCard] = useState<CardInfo | null>(null);
  const [loadError, setLoadError] = useState<Failure | null>(null);
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, ...(store.get<Draft>(draftKey) ?? {}) }));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [tried, setTried] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true), off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  const found = useSuggestions(token, draft.text, !!card && !done && online);
  // Only categories the page offers (the server's list may have changed since it loaded).
  const suggested = useMemo(() => found.filter((s) => card?.categories.some((c) => c.code === s.code)), [found, card]);

  useEffect(() => {
    if (!token) { setLoadError({ message: '没有读到服务卡信息，请用手机重新扫描卡上的二维码。', details: [] }); return; }
    call<CardInfo>('GET', `/api/public/card/${encodeURIComponent(token)}`).then(setCard, (e: Failure) => setLoadError(e));
  }, [token]);

  // Every keystroke is kept: closing the page or losing the signal loses nothing.
  useEffect(() => { if (!done) store.set(draftKey, draft); }, [draft, done, draftKey]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => { setDraft((d) => ({ ...d, [k]: v })); setFailure(null); };
  const problems = {
    category: !draft.category ? '请选择您要反映的事项类别' : null,
    text: draft.text.trim().length < 2 ? '请写清楚您要反映的事情（至少两个字）' : null,
  };
  const serverProblem = (field: string) => failure?.details.find((d) => d.field === field)?.reason ?? null;

  const submit = async () => {
    setTried(true);
    if (problems.category || problems.text) return;
    const payload = {
      token, kind: draft.kind, category: draft.category, text: draft.text.trim(), urgency: draft.urgent ? 'urgent' : 'normal', anonymous: draft.anonymous,
      name: draft.anonymous ? null : draft.name.trim() || null, phone: draft.anonymous ? null : draft.phone.trim() || null,
    };
    // The same submission keeps its key, so a retry after a lost answer returns the first request;
    // a changed one is a new submission.
    const sig = JSON.stringify(payload);
    const prior = store.get<Pending>(pendingKey);
    const key = prior && prior.sig === sig ? prior.key : newKey();
    store.set(pendingKey, { key, sig } satisfies Pending);
    setBusy(true);
    setFailure(null);
    try {
      const r = await call<Done>('POST', '/api/public/requests', payload, { 'idempotency-key': key });
      setDone({ ...r, anonymous: payload.anonymous });
      store.del(pendingKey);
      store.del(draftKey);
      window.scrollTo(0, 0);
    } catch (e) {
      setFailure(e as Failure);
    } finally { setBusy(false); }
  };

  const again = () => { setDone(null); setTried(false); setDraft((d) => ({ ...EMPTY, anonymous: d.anonymous, name: d.name, phone: d.phone })); };

  const place = card ? [card.place.street, card.place.community].filter(Boolean).join(' · ') : '';
  return (
    <div className="wrap">
      <header className="top">
        <h1>走亲连心卡</h1>
        <div className="place">{place || '党群连心服务'}</div>
      </header>

      {loadError ? (
        <section className="box" role="alert">
          <h2>无法打开服务卡</h2>
          <p>{loadError.message}</p>
          {loadError.details[0] ? <p className="muted">{loadError.details[0].reason}</p> : null}
        </section>
      ) : !card ? (
        <section className="box muted">正在读取服务卡…</section>
      ) : (
        <>
          {done ? (
            <section className="box done" role="status" data-testid="card-done">
              <h2>提交成功</h2>
              <div className="muted">受理编号</div>
              <div className="code" data-testid="request-code">{done.code}</div>
              <p>{done.anonymous ? '匿名反映不会回电答复。' : `我们将在 ${done.replyDue} 前答复您。`}</p>
              <p className="muted">请记下受理编号，拨打服务热线可查询办理情况。</p>
              <button type="button" className="ghost" onClick={again}>再反映一件事</button>
            </section>
          ) : null}

          <section className="box" aria-label="联系我们">
            <h2>您的联户干部</h2>
            {card.group ? (
              <>
                <div className="muted">{card.group.name}</div>
                {card.group.cadres.filter((c) => c.phone).map((c) => <CallRow key={c.name + c.phone} name={c.name} phone={c.phone!} />)}
                {card.group.cadres.filter((c) => !c.phone).map((c) => <div className="call" key={c.name}><b>{c.name}</b></div>)}
              </>
            ) : <p className="muted" style={{ margin: 0 }}>联户组正在安排中，有事请拨打服务热线或在下面反映。</p>}
            <CallRow name="服务热线" phone={card.hotline} hot />
          </section>

          {!done ? (
            <section className="box" aria-label="我要反映">
              <h2>我要反映</h2>
              <div className="chips" role="group" aria-label="反映类型">
                {KIND_ORDER.filter((k) => card.kinds.some((x) => x.code === k)).map((k) => (
                  <button type="button" key={k} className="chip" aria-pressed={draft.kind === k} onClick={() => set('kind', k)}>{KIND_SHORT[k] ?? k}</button>
                ))}
              </div>

              <label className="field" htmlFor="text">具体情况</label>
              <textarea id="text" value={draft.text} maxLength={MAX_TEXT} placeholder="请写清楚：什么地方、什么事、希望怎么解决"
                onChange={(e) => set('text', e.target.value)} />
              <div className="count">{draft.text.length} / {MAX_TEXT}</div>
              {tried && problems.text ? <div className="fielderr">{problems.text}</div> : null}
              {serverProblem('text') ? <div className="fielderr">{serverProblem('text')}</div> : null}

              <label className="field" id="cat-label">哪方面的事？</label>
              <div aria-live="polite">
                {suggested.length > 0 ? (
                  <div className="suggest" data-testid="card-suggestions">
                    <div className="suggest-label">根据您写的，可能是（点一下就选上）：</div>
                    <div className="chips">
                      {/* The chosen one is shown as chosen, not as a second button with the same name. */}
                      {suggested.map((c) => (draft.category === c.code
                        ? <span key={c.code} className="chip sug on" data-code={c.code}>✓ {c.name}</span>
                        : <button type="button" key={c.code} className="chip sug" data-code={c.code} onClick={() => set('category', c.code)}>{c.name}</button>))}
                    </div>
                  </div>
                ) : null}
              </div>
              <div className="grid" role="group" aria-labelledby="cat-label">
                {card.categories.map((c) => (
                  <button type="button" key={c.code} className="pick" aria-pressed={draft.category === c.code} onClick={() => set('category', c.code)}>{c.name}</button>
                ))}
              </div>
              {tried && problems.category ? <div className="fielderr">{problems.category}</div> : null}
              {serverProblem('category') ? <div className="fielderr">{serverProblem('category')}</div> : null}

              <label className="toggle"><input type="checkbox" checked={draft.urgent} onChange={(e) => set('urgent', e.target.checked)} />比较紧急（如停水停电、安全隐患）</label>
              <label className="toggle"><input type="checkbox" checked={draft.anonymous} onChange={(e) => set('anonymous', e.target.checked)} />匿名反映（不留姓名电话，无法回电答复）</label>

              {!draft.anonymous ? (
                <>
                  <label className="field" htmlFor="name">怎么称呼您（可不填）</label>
                  <input id="name" type="text" value={draft.name} maxLength={50} autoComplete="name" placeholder="如：王阿姨" onChange={(e) => set('name', e.target.value)} />
                  <label className="field" htmlFor="phone">联系电话（可不填，方便答复您）</label>
                  <input id="phone" type="tel" inputMode="tel" value={draft.phone} maxLength={30} autoComplete="tel" placeholder="手机号码" onChange={(e) => set('phone', e.target.value)} />
                  {serverProblem('phone') ? <div className="fielderr">{serverProblem('phone')}</div> : null}
                </>
              ) : null}

              {failure ? (
                <div className="err" role="alert">
                  {failure.message}
                  {failure.details.filter((d) => !['category', 'text', 'phone'].includes(d.field)).map((d) => <div key={d.field}>{d.reason}</div>)}
                </div>
              ) : null}
              <button type="button" className="submit" disabled={busy} onClick={submit}>
                {busy ? '正在提交…' : failure ? '重新提交' : '提交'}
              </button>
              <p className="muted" style={{ marginBottom: 0 }}>您反映的内容只交给负责办理的工作人员。</p>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
