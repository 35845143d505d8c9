import path from 'node:path';

/** Every setting of the server, read once from the environment; all defaults live here. */
export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** `postgres://…` selects a PostGIS server; empty selects the embedded database. */
  databaseUrl: string;
  /** Folder of the embedded database (git-ignored). */
  dataDir: string;
  /** Seed and scale loaded into an empty database on start; `none` loads nothing. */
  seed: string;
  seedScale: 'demo' | 'county' | 'none';
  /** Days of past incidents written with the demo district, so heat maps mean something on first start. */
  seedHistoryDays: number;
  /** Folder of the built client. */
  clientDir: string;
  /** Largest JSON body accepted. */
  jsonLimit: string;
  /** A user's session ends after this many idle minutes … */
  sessionIdleMinutes: number;
  /** … and at the latest this many minutes after sign-in. */
  sessionMaxMinutes: number;
  /** A wall display's device session lasts this long (no idle timeout: walls stay on). */
  wallSessionMinutes: number;
  /** Consecutive wrong passwords that lock an account, and for how long. */
  loginMaxFailures: number;
  lockoutMinutes: number;
  /** Failed sign-ins one address may make within the window before it gets 429. */
  ipMaxFailures: number;
  ipWindowMinutes: number;
  /** Proxies in front of the server (`trust proxy` hop count; never `true`). */
  trustProxyHops: number;
  /** Origins allowed to open sockets besides the server's own (comma-separated). */
  allowedOrigins: string[];
  /** How often connected sockets have their session re-checked. */
  socketRecheckSeconds: number;
  /** How often the audit-retention job runs. */
  auditPruneMinutes: number;
  /** How often the outbox relay looks for new events without being woken (bounds the latency when a notification is lost). */
  outboxPollMs: number;
  /** Whether the relay is woken by LISTEN/NOTIFY as changes commit (off: polling alone, as before). */
  outboxListen: boolean;
  /** Redis joining several server processes (empty: one process). */
  redisUrl: string;
  /** Server processes behind the port (`npm start -- --workers N`), and this one's number among them. */
  workers: number;
  worker: number;
  /** How often the dispatcher loop looks for overdue incidents. */
  escalationSeconds: number;
  /** Incident reports one account may file per second, and the burst it may save up (token bucket). */
  intakePerSecond: number;
  intakeBurst: number;
}

const root = path.resolve(import.meta.dirname, '..');

/** Reads the configuration from `env` (default `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const scale = env.GRIDLINE_SEED_SCALE ?? 'demo';
  if (scale !== 'demo' && scale !== 'county' && scale !== 'none') {
    throw new Error(`GRIDLINE_SEED_SCALE must be demo, county or none, not "${scale}"`);
  }
  return {
    port: Number(env.PORT ?? 5180),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL ?? '',
    dataDir: path.resolve(root, env.GRIDLINE_DATA_DIR ?? '.data/pglite'),
    seed: env.GRIDLINE_SEED ?? 'gridline',
    seedScale: scale,
    seedHistoryDays: Number(env.GRIDLINE_SEED_HISTORY_DAYS ?? 14),
    clientDir: path.resolve(root, env.GRIDLINE_CLIENT_DIR ?? 'dist/client'),
    jsonLimit: env.GRIDLINE_JSON_LIMIT ?? '1mb',
    sessionIdleMinutes: Number(env.GRIDLINE_SESSION_IDLE_MINUTES ?? 30),
    sessionMaxMinutes: Number(env.GRIDLINE_SESSION_MAX_MINUTES ?? 12 * 60),
    wallSessionMinutes: Number(env.GRIDLINE_WALL_SESSION_MINUTES ?? 30 * 24 * 60),
    loginMaxFailures: Number(env.GRIDLINE_LOGIN_MAX_FAILURES ?? 5),
    lockoutMinutes: Number(env.GRIDLINE_LOCKOUT_MINUTES ?? 15),
    ipMaxFailures: Number(env.GRIDLINE_IP_MAX_FAILURES ?? 30),
    ipWindowMinutes: Number(env.GRIDLINE_IP_WINDOW_MINUTES ?? 15),
    trustProxyHops: Number(env.GRIDLINE_TRUST_PROXY_HOPS ?? 0),
    allowedOrigins: (env.GRIDLINE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    socketRecheckSeconds: Number(env.GRIDLINE_SOCKET_RECHECK_SECONDS ?? 30),
    auditPruneMinutes: Number(env.GRIDLINE_AUDIT_PRUNE_MINUTES ?? 60),
    outboxPollMs: Number(env.GRIDLINE_OUTBOX_POLL_MS ?? 1000),
    outboxListen: env.GRIDLINE_OUTBOX_LISTEN !== 'off',
    redisUrl: env.GRIDLINE_REDIS_URL ?? '',
    workers: Number(env.GRIDLINE_WORKERS ?? 1),
    worker: Number(env.GRIDLINE_WORKER ?? 1),
    escalationSeconds: Number(env.GRIDLINE_ESCALATION_SECONDS ?? 15),
    intakePerSecond: Number(env.GRIDLINE_INTAKE_PER_SECOND ?? 10),
    intakeBurst: Number(env.GRIDLINE_INTAKE_BURST ?? 30),
  };
}

/** The repository root (migrations, built client). */
export const PROJECT_ROOT = root;
