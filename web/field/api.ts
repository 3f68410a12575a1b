// Every call the field app makes to the server, in one place: same-origin cookies, the CSRF
// header on writes, a time limit (one bar of signal can hang a request for minutes), and errors
// carrying the server's Chinese message and the reasons it names.
import type { OutboxItem, SendResult } from './outbox.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

export interface FieldMe {
  user: { id: number; displayName: string; role: string };
  cadre: { id: number; name: string } | null;
  groups: { id: number; name: string; departmentName: string; members: { id: number; name: string; phone: string | null }[] }[];
  settings: { priorityIntervalDays: number; timelyDueDays: Record<string, number>; serviceDays: { code: string; name: string; dayOfMonth: number; remindDaysBefore: number }[] };
  nextServiceDays: { code: string; name: string; date: string }[];
}
export interface Household {
  id: number; code: string | null; address: string; headName: string | null; tags: string[]; priority: boolean;
  groupId: number | null; groupName: string | null; lastVisitOn: string | null; nextDueOn: string | null; overdue: boolean;
}
export interface VisitTask {
  key: string; kind: 'priority' | 'timely'; householdId: number; address: string; headName: string | null;
  reason: string | null; dueOn: string; overdue: boolean; taskId: number | null; groupId: number | null; groupName: string | null;
}
export interface Category { id: number; code: string; name: string; covers: string | null; active: boolean; sort: number }
/** POST /api/routing/suggest: the classifier's best categories for a text (departments unused here). */
export interface Suggestion { id: number | null; category: string; name: string; score: number }

const SUGGEST_TIMEOUT_MS = 8_000;

const TIMEOUT_MS = 20_000;

export function readCookie(name: string): string | null {
  const hit = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** The server's message, with the reasons it gives for each field. */
export function messageOf(body: unknown, status: number): string {
  const b = body as { message?: string; details?: { reason?: string }[] } | null;
  if (b && typeof b.message === 'string') {
    const reasons = (b.details ?? []).map((d) => d.reason).filter((r): r is string => !!r);
    // On the phone there are no fields to mark: the reasons alone say what is wrong.
    return reasons.length ? reasons.join('；') : b.message;
  }
  return `服务器返回错误（${status}）`;
}

interface Raw { status: number; body: any }

async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Raw> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (method !== 'GET') {
    const csrf = readCookie('lx_csrf');
    if (csrf) h['x-csrf-token'] = csrf;
  }
  if (body !== undefined) h['content-type'] = 'application/json';
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeoutMs ?? TIMEOUT_MS);
  const cancel = () => ctl.abort();
  opts.signal?.addEventListener('abort', cancel);
  try {
    const res = await fetch(path, { method, headers: h, credentials: 'same-origin', cache: 'no-store', signal: ctl.signal, body: body === undefined ? undefined : JSON.stringify(body) });
    let data: unknown = null;
    try { data = await res.json(); } catch { /* not JSON */ }
    return { status: res.status, body: data };
  } catch {
    return { status: 0, body: null }; // no network, or no answer in time
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', cancel);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await raw(method, path, body);
  if (r.status >= 200 && r.status < 300) return r.body as T;
  if (r.status === 0) throw new ApiError(0, 'NETWORK', '网络不通');
  throw new ApiError(r.status, r.body?.code ?? `HTTP_${r.status}`, messageOf(r.body, r.status));
}

export const api = {
  login: (username: string, password: string) => call<{ ok: true; csrfToken: string }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<{ ok: true }>('POST', '/api/auth/logout', {}),
  me: () => call<FieldMe>('GET', '/api/field/me'),
  households: () => call<{ items: Household[] }>('GET', '/api/field/households?limit=500').then((r) => r.items),
  tasks: () => call<{ items: VisitTask[] }>('GET', '/api/visit-tasks?mine=1&status=open').then((r) => r.items),
  categories: () => call<Category[] | { items: Category[] }>('GET', '/api/categories').then((r) => (Array.isArray(r) ? r : r.items).filter((c) => c.active !== false)),
  /**
   * Suggested categories for a text being written: a short time limit, and an empty list on any
   * failure (no signal, signed out, no model) — a suggestion is a help, never in the way.
   */
  suggest: async (text: string, householdId: number | null, signal?: AbortSignal): Promise<Suggestion[]> => {
    const r = await raw('POST', '/api/routing/suggest', { text, householdId }, {}, { timeoutMs: SUGGEST_TIMEOUT_MS, signal });
    const list = r.status === 200 && Array.isArray(r.body?.categories) ? (r.body.categories as Suggestion[]) : [];
    return list.filter((c) => typeof c.id === 'number' && typeof c.name === 'string');
  },
};

/** Send one outbox item. A visit carries its client id in the body; a request as its Idempotency-Key. */
export async function sendItem(item: OutboxItem): Promise<SendResult> {
  const r = item.type === 'visit'
    ? await raw('POST', '/api/visits', item.body)
    : await raw('POST', '/api/requests', item.body, { 'idempotency-key': item.clientId });
  if (r.status >= 200 && r.status < 300) {
    const ref = item.type === 'visit' ? (r.body?.visit?.id != null ? String(r.body.visit.id) : null) : (r.body?.request?.code ?? r.body?.code ?? null);
    return { status: r.status, message: null, ref };
  }
  return { status: r.status, message: r.status === 0 ? null : messageOf(r.body, r.status), ref: null };
}
