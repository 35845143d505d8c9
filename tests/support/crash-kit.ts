import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { Db } from '../../server/db/db.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/events.ts';
import { until } from './until.ts';

/** The crash scenarios' waits: a killed server's restart and a long write can take this long on two busy cores. */
const waitFor = (what: string, check: () => Promise<boolean> | boolean) => until(what, check, 20_000);

/** The name the crash suite's server processes give their database connections, to find them in pg_stat_activity. */
export const CHILD_APP = 'gridline-crash-child';

const withAppName = (databaseUrl: string) => {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', CHILD_APP);
  return url.toString();
};

/**
 * Starts a server in a child process and waits for its address: on a PostGIS database (a URL), or
 * on an embedded database's folder (`{ dataDir }`), which the child opens as its own.
 */
export function startChild(
  database: string | { dataDir: string },
  escalationSeconds = 3600,
): Promise<{ child: ChildProcess; url: string }> {
  const where =
    typeof database === 'string' ? { DATABASE_URL: withAppName(database) } : { DATABASE_URL: '', CRASH_DATA_DIR: database.dataDir };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/support/crash-server.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...where, CRASH_ESCALATION_SECONDS: String(escalationSeconds) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
}

/**
 * Reports at one spot, each with its own idempotency key and told apart by its description
 * (`marker` and its number), filed through the API all at once; an answer of 0 is a request the
 * kill cut off.
 */
export function keyedReports(location: { lon: number; lat: number }, n = 24) {
  const marker = `断电测试 ${randomUUID()}`;
  const keys = Array.from({ length: n }, () => `crash-${randomUUID()}`);
  const file = (url: string, s: { cookie: string; csrf: string }, i: number) =>
    fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json', 'Idempotency-Key': keys[i]! },
      body: JSON.stringify({ location, category: 'hazard', channel: 'hotline', description: `${marker} ${i}` }),
    }).then(
      (r) => r.status,
      () => 0,
    );
  const fileAll = (url: string, s: { cookie: string; csrf: string }) => Promise.all(keys.map((_, i) => file(url, s, i)));
  /** Sends them all and kills the server 40 ms later, while they are being filed; returns the answers. */
  const killedInFlight = async (child: ChildProcess, url: string, s: { cookie: string; csrf: string }) => {
    const answers = fileAll(url, s);
    await new Promise((r) => setTimeout(r, 40));
    await killed(child);
    return answers;
  };
  return { marker, keys, fileAll, killedInFlight };
}

/** SIGKILL, as a power cut would: no handler runs, no transaction is finished. */
export const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/**
 * Holds a SHARE lock on a table from a connection of its own, so a writer stops at its first
 * write to that table with everything before it written but uncommitted: the moment to kill.
 */
export async function holdTable(databaseUrl: string, table: string): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN SHARE MODE`);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** Waits until a connection of the child server waits for a lock on a statement starting with `prefix`. */
export const blockedOn = (db: Db, prefix: string) =>
  waitFor(`a server statement "${prefix}…" waiting for its lock`, async () => {
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND wait_event_type = 'Lock' AND regexp_replace(query, '^[[:space:]]+', '') ILIKE $2`,
      [CHILD_APP, `${prefix}%`],
    );
    return rows[0]!.n > 0;
  });

/** The tables the child server's open transactions have written (hold ROW EXCLUSIVE on): what a kill now must undo. */
export const tablesWritten = async (db: Db): Promise<string[]> =>
  (
    await db.query<{ t: string }>(
      `SELECT DISTINCT c.relname AS t FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation
        WHERE a.application_name = $1 AND l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r' ORDER BY 1`,
      [CHILD_APP],
    )
  ).map((r) => r.t);

/**
 * What a killed server may leave in the database: its connections (and with them their row, table
 * and advisory locks), transactions left open, and whether the relay's advisory lock can be taken now.
 * Waits for PostgreSQL to notice the dead connections first.
 */
export async function leftovers(db: Db): Promise<{ connections: number; openTransactions: number; stampingLockFree: boolean }> {
  const count = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [CHILD_APP]))[0]!.n;
  await waitFor('the killed server’s connections to close', async () => (await count()) === 0).catch(() => undefined);
  const [open] = await db.query<{ n: number }>(
    // Other live servers on the database pass through this state for moments; a stuck one stays in it.
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND state_change < now() - interval '2 seconds'`,
  );
  const free = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(727401) AS ok');
    return row!.ok;
  });
  return { connections: await count(), openTransactions: open!.n, stampingLockFree: free };
}

/**
 * A wall's socket that follows the outbox across server restarts: it reconnects to each new
 * server with the last sequence it has and records every sequence number it is sent.
 */
export class FollowingWall {
  readonly seqs: number[] = [];
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  constructor(private readonly cookie: string) {}

  async connect(url: string): Promise<void> {
    const last = this.seqs.at(-1);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: this.cookie },
      auth: last === undefined ? {} : { lastSeq: last },
    });
    socket.on('incident:event', (e) => this.seqs.push(e.seq));
    socket.on('boundary:event', (e) => this.seqs.push(e.seq));
    socket.on('takeover:event', (e) => this.seqs.push(e.seq));
    this.socket = socket;
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  }

  /** Waits until the wall has every outbox row committed now; returns the sequence numbers in the order first seen, and the outbox's. */
  async caughtUp(db: Db, after: number): Promise<{ seen: number[]; expected: number[] }> {
    await waitFor('the relay to number every committed row', async () => {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE seq IS NULL');
      return row!.n === 0;
    });
    const expected = (await db.query<{ seq: string }>('SELECT seq::text FROM outbox WHERE seq > $1 ORDER BY outbox.seq', [after])).map(
      (r) => Number(r.seq),
    );
    await waitFor('the wall to catch up', () => (this.seqs.at(-1) ?? 0) >= (expected.at(-1) ?? 0));
    // Replay and live pushes may overlap after a reconnect (clients drop repeats by seq): compare first sightings.
    const seen = [...new Set(this.seqs)].filter((s) => s > after && s <= (expected.at(-1) ?? 0));
    return { seen, expected };
  }

  close(): void {
    this.socket?.close();
  }
}
