import { i18n } from '../i18n/index.ts';

/** An API error with the server's (already localised) message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    /** The whole error body, for answers that carry more than a message (an import's report). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the session's CSRF token (kept in memory only, never in storage). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (401), to send the user to sign-in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extra: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.global.locale.value, ...extra };
  if (method !== 'GET') {
    // Before sign-in there is no CSRF token; the custom header is what a cross-site form cannot send.
    headers['X-Requested-With'] = 'gridline';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  // A file goes as its own bytes and type (the photo route); anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? body.type : 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    signal,
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const payload = (await res.json().catch(() => null)) as { error?: { code: string; message: string; param?: string } } | null;
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
    throw new ApiError(
      res.status,
      payload?.error?.code ?? 'http_error',
      payload?.error?.message ?? `HTTP ${res.status}`,
      payload?.error?.param,
      payload,
    );
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** GETs JSON from our own server, in the UI's language; throws ApiError on a non-2xx answer. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, undefined, signal);
}

/** Sends a JSON body with the CSRF token (and any precondition header, e.g. If-Match). */
export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return request<T>(method, path, body, undefined, headers);
}
