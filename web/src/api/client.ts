/** The one way the web app talks to the server: same origin, session cookie, JSON errors. */

export interface ApiErrorBody {
  code: string;
  message: string;
  messageEn?: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string | undefined,
    readonly field?: string,
  ) {
    super(message);
  }

  /** The message in the user's language (the server writes both). */
  text(lang: 'zh' | 'en'): string {
    return lang === 'en' && this.messageEn ? this.messageEn : this.message;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function qs(query: Query | undefined): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthorized: (() => void) | null = null;
/** The session layer registers how to react when the server says the session is gone. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

async function request<T>(
  method: string,
  path: string,
  opts: {
    query?: Query;
    body?: unknown;
    headers?: Record<string, string>;
    accept?: (status: number, data: unknown) => boolean;
    /** 'omit' sends no session: an entry made without an account stays without one. */
    credentials?: RequestCredentials;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path + qs(opts.query), { method, headers, body, credentials: opts.credentials ?? 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试', 'Could not reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok && !opts.accept?.(res.status, data)) {
    const e = (data as { error?: ApiErrorBody } | null)?.error;
    if (res.status === 401 && onUnauthorized && !path.startsWith('/api/auth/')) onUnauthorized();
    if (e) throw new ApiError(res.status, e.code, e.message, e.messageEn, e.field);
    throw new ApiError(
      res.status,
      `HTTP_${res.status}`,
      res.status >= 500 ? '服务器暂时无法处理，请稍后再试' : '请求未能完成，请稍后再试',
      res.status >= 500 ? 'The server could not handle this just now. Please try again later.' : 'The request could not be completed.',
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body, headers }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  /** A POST whose answer is data even for some error statuses (e.g. an import report with a 400). */
  postAccepting: <T>(path: string, body: unknown, query: Query | undefined, accept: (status: number, data: unknown) => boolean) =>
    request<T>('POST', path, { body, query, accept }),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** A POST made as a given identity: with the session, or (`omit`) without any. */
  postAs: <T>(path: string, body: unknown, headers: Record<string, string>, credentials: RequestCredentials) =>
    request<T>('POST', path, { body, headers, credentials }),
};
