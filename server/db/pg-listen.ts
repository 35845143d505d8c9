import pg from 'pg';
import { LISTEN } from './db-sql.ts';

/** How long a lost listening connection waits before it connects again. */
const RECONNECT_MS = 1000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries), kept alive:
 * when the connection drops (a database restart, a terminated backend) it connects again after a
 * second and calls `onNotify` once, for whatever was notified while it was away.
 */
export function pgListen(url: string, applicationName: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const again = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect().catch(again);
    }, RECONNECT_MS);
    retry.unref();
  };
  const connect = async () => {
    // TCP keepalive: a connection the network dropped without a word (a NAT timeout, a pulled
    // cable) is found dead and replaced, instead of listening to nothing until the next restart.
    const c = new pg.Client({ connectionString: url, application_name: applicationName, keepAlive: true });
    client = c;
    c.on('notification', () => onNotify());
    // Without a listener an error would crash Node; the end event follows and reconnects.
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client === c) client = null;
      again();
    });
    try {
      await c.connect();
      await c.query(LISTEN(channel));
    } catch (err) {
      // Connected but not listening (LISTEN refused): closed, so no idle connection is left behind.
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) await c.end();
    else onNotify();
  };
  return connect().then(
    () => async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
    async (err: unknown) => {
      stopped = true;
      await client?.end().catch(() => undefined);
      throw err;
    },
  );
}
