// The field app's local store (IndexedDB): an outbox of visits and requests recorded on the
// phone, each with a client-generated id, sent when there is a connection; and a cache of the
// last lists fetched (my households, my tasks, categories, who I am) so the app opens with no
// signal. The rules deciding what to send, in which order and when to retry are pure functions
// (classify, backoffMs, applyOutcome, sendable) so they can be tested without a browser.

export type ItemType = 'visit' | 'request';
export type ItemStatus = 'pending' | 'sent' | 'failed';

export interface OutboxItem {
  clientId: string;
  type: ItemType;
  /** Whose item it is: only that user's session sends it. */
  userId: number;
  createdAt: number;
  status: ItemStatus;
  attempts: number;
  /** Not before this time (ms); 0 = at once. */
  nextAttemptAt: number;
  /** The server's message for a failed item, or the last temporary problem. */
  error: string | null;
  sentAt: number | null;
  /** What the server answered with (e.g. the request's number). */
  serverRef: string | null;
  /** The POST body, sent as is on every attempt (the client id is part of it or its Idempotency-Key). */
  body: Record<string, unknown>;
  /** For a request raised during a visit: that visit's client id (sent first). */
  visitClientId: string | null;
  /** What the lists show. */
  label: { title: string; detail: string; householdIds: number[]; visitedOn?: string; kind?: string };
}

// ---------- pure rules ----------

/** A v4 uuid: crypto.randomUUID where the page is a secure context, else from getRandomValues
 * (plain http on a LAN has no randomUUID). */
export function newClientId(c: { randomUUID?: () => string; getRandomValues: <T extends Uint8Array>(a: T) => T } = globalThis.crypto): string {
  if (typeof c.randomUUID === 'function') {
    try { return c.randomUUID(); } catch { /* not a secure context */ }
  }
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'auth' | 'offline';

/** What an HTTP status means for an outbox item. 0 = no answer (network down, timeout). */
export function classify(status: number): Outcome {
  if (status === 0) return 'offline';
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401) return 'auth';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'failed';
  return 'retry';
}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Wait before attempt n+1 after n failed attempts: 5 s doubling to 5 min, ±20% jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The item after one attempt. A 401 changes nothing but the note: the user signs in again and it goes. */
export function applyOutcome(item: OutboxItem, outcome: Outcome, now: number, message: string | null = null, random: () => number = Math.random, serverRef: string | null = null): OutboxItem {
  switch (outcome) {
    case 'sent': return { ...item, status: 'sent', sentAt: now, error: null, serverRef: serverRef ?? item.serverRef };
    case 'failed': return { ...item, status: 'failed', attempts: item.attempts + 1, error: message ?? '服务器拒绝了这条记录' };
    case 'auth': return { ...item, error: '登录已过期，请重新登录后上传' };
    case 'retry':
    case 'offline': {
      const attempts = item.attempts + 1;
      return { ...item, attempts, nextAttemptAt: now + backoffMs(attempts, random), error: message ?? (outcome === 'offline' ? '网络不通，稍后自动重试' : '服务器暂时无法处理，稍后自动重试') };
    }
  }
}

/** Put a failed or waiting item back in line to go at once, with the same client id. */
export const retryNow = (item: OutboxItem): OutboxItem => ({ ...item, status: 'pending', attempts: 0, nextAttemptAt: 0, error: null });

const byCreated = (a: OutboxItem, b: OutboxItem) => a.createdAt - b.createdAt || (a.clientId < b.clientId ? -1 : 1);

/** What to send now, in order: due visits (oldest first), then due requests — a request raised during
 * a visit that is still waiting (not due in this pass) waits for it. */
export function sendable(items: OutboxItem[], userId: number, now: number): OutboxItem[] {
  const mine = items.filter((i) => i.userId === userId && i.status === 'pending');
  const due = mine.filter((i) => i.nextAttemptAt <= now);
  const visits = due.filter((i) => i.type === 'visit').sort(byCreated);
  const goingNow = new Set(visits.map((v) => v.clientId));
  const waiting = new Set(mine.filter((i) => i.type === 'visit' && !goingNow.has(i.clientId)).map((i) => i.clientId));
  const requests = due.filter((i) => i.type === 'request' && !(i.visitClientId && waiting.has(i.visitClientId))).sort(byCreated);
  return [...visits, ...requests];
}

export const pendingOf = (items: OutboxItem[], userId: number | null) => items.filter((i) => i.status === 'pending' && (userId === null || i.userId === userId));

/** Sent items are kept a week for the record list, then forgotten; pending and failed ones never are. */
export const SENT_KEEP_MS = 7 * 24 * 3600_000;
export const expired = (i: OutboxItem, now: number) => i.status === 'sent' && i.sentAt !== null && now - i.sentAt > SENT_KEEP_MS;

export function newItem(type: ItemType, userId: number, body: Record<string, unknown>, label: OutboxItem['label'], clientId: string, visitClientId: string | null = null, now = Date.now()): OutboxItem {
  return { clientId, type, userId, createdAt: now, status: 'pending', attempts: 0, nextAttemptAt: 0, error: null, sentAt: null, serverRef: null, body, visitClientId, label };
}

// ---------- IndexedDB ----------

const DB_NAME = 'lianxin-field';
const DB_VERSION = 1;
let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'clientId' });
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache', { keyPath: 'key' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => { opened = null; reject(r.error); };
  });
  return opened;
}

async function run<T>(store: 'outbox' | 'cache', mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : (undefined as T));
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const outbox = {
  all: () => run<OutboxItem[]>('outbox', 'readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>),
  get: (clientId: string) => run<OutboxItem | undefined>('outbox', 'readonly', (s) => s.get(clientId) as IDBRequest<OutboxItem | undefined>),
  put: (item: OutboxItem) => run('outbox', 'readwrite', (s) => { s.put(item); }),
  remove: (clientId: string) => run('outbox', 'readwrite', (s) => { s.delete(clientId); }),
  async prune(now = Date.now()) {
    for (const i of await outbox.all()) if (expired(i, now)) await outbox.remove(i.clientId);
  },
  /** On the `online` event: whatever was waiting for its backoff goes at once. */
  async wake(userId: number) {
    for (const i of await outbox.all()) if (i.userId === userId && i.status === 'pending' && i.nextAttemptAt > 0) await outbox.put({ ...i, nextAttemptAt: 0 });
  },
};

export const cache = {
  async get<T>(key: string): Promise<{ value: T; savedAt: number } | null> {
    const row = await run<{ key: string; value: T; savedAt: number } | undefined>('cache', 'readonly', (s) => s.get(key) as IDBRequest<{ key: string; value: T; savedAt: number } | undefined>);
    return row ? { value: row.value, savedAt: row.savedAt } : null;
  },
  set: (key: string, value: unknown) => run('cache', 'readwrite', (s) => { s.put({ key, value, savedAt: Date.now() }); }),
  clear: () => run('cache', 'readwrite', (s) => { s.clear(); }),
};

export interface SendResult { status: number; message: string | null; ref: string | null }
export interface FlushReport { sent: number; failed: number; waiting: number; auth: boolean; offline: boolean }

let flushing: Promise<FlushReport> | null = null;

/** One pass over the outbox: send what is due, in order, one at a time; stop at the first sign the
 * network is down or the session has expired. Passes never overlap. */
export function flush(userId: number, send: (item: OutboxItem) => Promise<SendResult>, onChange: () => void = () => {}): Promise<FlushReport> {
  flushing ??= (async () => {
    const report: FlushReport = { sent: 0, failed: 0, waiting: 0, auth: false, offline: false };
    try {
      const blocked = new Set<string>();
      for (const item of sendable(await outbox.all(), userId, Date.now())) {
        if (item.visitClientId && blocked.has(item.visitClientId)) { report.waiting++; continue; }
        const current = await outbox.get(item.clientId);
        if (!current || current.status !== 'pending') continue; // deleted or sent meanwhile
        const r = await send(current);
        const outcome = classify(r.status);
        await outbox.put(applyOutcome(current, outcome, Date.now(), r.message, Math.random, r.ref));
        onChange();
        if (outcome === 'sent') report.sent++;
        else if (outcome === 'failed') report.failed++;
        else {
          report.waiting++;
          if (item.type === 'visit') blocked.add(item.clientId);
          if (outcome === 'auth') { report.auth = true; break; }
          if (outcome === 'offline') { report.offline = true; break; }
        }
      }
    } finally {
      flushing = null;
    }
    return report;
  })();
  return flushing;
}
