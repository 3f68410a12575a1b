// The one way the app talks to the server: same-origin cookies, the CSRF header on writes,
// and every failure turned into an ApiError carrying the server's bilingual message and the
// per-field details, so pages can show them next to the fields they name.
export interface FieldProblem { field: string; reason: string; reason_en?: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly details: FieldProblem[] = [],
    readonly body: unknown = null,
  ) { super(message); }
  text(lang: 'zh' | 'en'): string { return lang === 'en' ? this.messageEn || this.message : this.message; }
  /** The message and, when there is one, the first field's reason: what a one-line notice shows. */
  textWithReason(lang: 'zh' | 'en'): string {
    const d = this.details[0];
    const reason = d ? (lang === 'en' ? d.reason_en ?? d.reason : d.reason) : '';
    return reason ? `${this.text(lang)}：${reason}` : this.text(lang);
  }
}

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

let unauthorized: (() => void) | null = null;
/** Set by the app shell: where a 401 anywhere sends the user (the login page). */
export function onUnauthorized(fn: () => void) { unauthorized = fn; }

export function readCookie(name: string): string | null {
  const hit = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) { if (v.length) qs.set(k, v.join(',')); continue; }
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

function writeHeaders(method: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD') return {};
  const csrf = readCookie('lx_csrf');
  return csrf ? { 'x-csrf-token': csrf } : {};
}

async function toError(res: Response, path: string): Promise<ApiError> {
  let body: any = null;
  try { body = await res.json(); } catch { /* not JSON: a proxy or a crash */ }
  // BAD_CREDENTIALS is a 401 too, but it belongs to the login form, not to a redirect.
  if (res.status === 401 && !path.startsWith('/api/auth/login')) unauthorized?.();
  if (body && typeof body.code === 'string') {
    return new ApiError(res.status, body.code, body.message ?? body.code, body.message_en ?? body.message ?? body.code,
      Array.isArray(body.details) ? body.details : [], body);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, `服务器返回错误（${res.status}）`, `Server error (${res.status})`);
}

const networkError = () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', 'Network error; check the connection and retry');

export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  const url = withQuery(path, opts.query);
  const headers: Record<string, string> = { accept: 'application/json', ...writeHeaders(method), ...(opts.headers ?? {}) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin', signal: opts.signal,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) throw await toError(res, path);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query, headers?: Record<string, string>) => request<T>('POST', path, { body: body ?? {}, query, headers }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
};

export interface Page<T> { items: T[]; total: number; totalCapped: boolean; page: number; pageSize: number }

/** Fetch a file (export, template) and hand it to the browser, keeping API errors readable. */
export async function download(path: string, query?: Query, fallbackName = 'download.xlsx'): Promise<void> {
  let res: Response;
  try { res = await fetch(withQuery(path, query), { credentials: 'same-origin' }); } catch { throw networkError(); }
  if (!res.ok) throw await toError(res, path);
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const star = cd.match(/filename\*=UTF-8''([^;]+)/i);
  const plain = cd.match(/filename="?([^";]+)"?/i);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Multipart upload with progress; fetch cannot report upload progress, XMLHttpRequest can. */
export function upload<T>(path: string, file: File, onProgress: (percent: number) => void, query?: Query): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(writeHeaders('POST'))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } });
      if (xhr.status >= 200 && xhr.status < 300) { res.json().then(resolve, () => resolve(undefined as T)); return; }
      toError(res, path).then(reject);
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
