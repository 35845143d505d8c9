/** A client of the HTTP API as a script or test uses it: sign in, then send the cookie and CSRF token. */

/** A signed-in HTTP client: the session cookie and CSRF token, and helpers that send them. */
export interface Session {
  cookie: string;
  csrf: string;
  user: { role: string; areaCode: string };
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: unknown }>;
}

async function readBody(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (res.status === 204) return null;
  return type.includes('json') ? res.json() : res.arrayBuffer();
}

/** Signs in through the real endpoint. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { role: string; areaCode: string } };
  return sessionFrom(baseUrl, cookie, body.csrfToken, body.user);
}

/** Wraps a cookie and CSRF token into a client. */
export function sessionFrom(baseUrl: string, cookie: string, csrf: string, user: Session['user']): Session {
  return {
    cookie,
    csrf,
    user,
    async request(method, path, body, headers = {}) {
      const res = await fetch(baseUrl + path, {
        method,
        headers: {
          Cookie: cookie,
          ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrf }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, body: await readBody(res) };
    },
  };
}
