import http from 'node:http';
import type { Session } from '../server/cli/api-session.ts';

/**
 * A lean HTTP client for load: `node:http` over kept-alive connections, sending a session's cookie
 * and CSRF token. The benchmark's clients share the server's two cores, and `fetch` (undici) costs
 * about as much CPU per request as a small route does to serve: a trivial POST runs at 2,200/s
 * through `fetch` and 4,700/s through this, on this machine, in one process. A load generator
 * that eats the server's CPU measures itself.
 */
export function keepAliveClient(baseUrl: string, session: Session, sockets: number) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = http.request(
        {
          host: hostname,
          port,
          path,
          method: 'POST',
          agent,
          headers: {
            Cookie: session.cookie,
            'X-CSRF-Token': session.csrf,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(data),
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return { post, close: () => agent.destroy() };
}
