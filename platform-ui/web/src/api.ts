// The one way the UI talks to the platform: the same HTTP API as every other client, with the key the user signed
// in with. The key lives in sessionStorage only (gone when the tab closes), never in a URL, a cookie or a log.

const KEY = 'feedbackloop.api-key';

export interface Problem {
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; rule: string; message: string; position?: number }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
  }
  get status() {
    return this.problem.status;
  }
}

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(key: string) {
  sessionStorage.setItem(KEY, key.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('feedbackloop:signed-out'));
}

export interface Query {
  [name: string]: string | number | boolean | undefined | null | string[];
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(name, v));
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// Read your writes: a write answers with a consistency token (docs/api.md), and requests sent in the seconds after it
// carry that token, so the platform answers a read only once its read model holds the write: the panel an action
// reloads shows the action, not the state before it. Routes that do not read a projection ignore the token.
const CONSISTENCY_TOKEN = 'X-Consistency-Token';
const FOLLOW_A_WRITE_MS = 10_000;
let lastWrite: { token: string; until: number } | null = null;

async function request<T>(method: string, path: string, body?: unknown, query?: Query, signal?: AbortSignal): Promise<T> {
  const key = apiKey();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (lastWrite && Date.now() < lastWrite.until) headers[CONSISTENCY_TOKEN] = lastWrite.token;
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 401) signOut();
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError({ status: response.status, ...(json ?? {}) });
  }
  const written = response.headers.get(CONSISTENCY_TOKEN);
  if (written) lastWrite = { token: written, until: Date.now() + FOLLOW_A_WRITE_MS };
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, undefined, query, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export interface KeyInfo {
  name: string;
  scopes: string[];
}

export const whoAmI = () => api.get<KeyInfo>('/api/v1/me');
