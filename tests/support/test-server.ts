import { loadConfig, type Config } from '../../server/config.ts';
import { openPgDb } from '../../server/db/pg-db.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, type Session } from './accounts.ts';

/** Which database the suite runs against: a PostGIS server when DATABASE_URL is set, else embedded. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? '';

/**
 * Wipes the public schema of the PostGIS test database. Refuses unless the
 * database name says it is for tests, so a production URL is never emptied.
 */
export async function resetPostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/test/i.test(name)) throw new Error(`refusing to reset database "${name}": its name must contain "test"`);
  const db = await openPgDb(url);
  try {
    await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  } finally {
    await db.close();
  }
}

/**
 * The URL of a fresh PostGIS database of its own beside the suite's (`<name>_<suffix>`), for tests
 * that change what the shared server's other tests rely on. Null on the embedded backend, where
 * every `memory://` database is already its own.
 */
export async function freshPostgresUrl(suffix: string): Promise<string | null> {
  if (!TEST_DATABASE_URL) return null;
  const admin = await openPgDb(TEST_DATABASE_URL);
  const name = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_${suffix}`;
  try {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A seeded server on a database of its own (see freshPostgresUrl); the caller stops it. */
export async function ownServer(suffix: string, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const databaseUrl = (await freshPostgresUrl(suffix)) ?? '';
  return startServer(testConfig({ databaseUrl, socketRecheckSeconds: 1, ...overrides }), () => undefined);
}

/** A config for a throw-away server on a free port with the demo district. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    port: 0,
    databaseUrl: TEST_DATABASE_URL,
    dataDir: 'memory://',
    seedScale: 'demo',
    ...overrides,
  };
}

let shared: Promise<RunningServer> | null = null;
let county: Promise<Session> | null = null;

/**
 * One seeded server for the whole integration suite (the suite runs in one
 * worker without isolation, so this module and its promise are shared).
 */
export function sharedServer(): Promise<RunningServer> {
  shared ??= (async () => {
    if (TEST_DATABASE_URL) await resetPostgresDatabase(TEST_DATABASE_URL);
    return startServer(testConfig({ socketRecheckSeconds: 1 }), () => undefined);
  })();
  return shared;
}

/** The code of the district's root cell. */
export async function rootCode(): Promise<string> {
  const { db } = await sharedServer();
  const [row] = await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  return row!.code;
}

/** A commander over the whole district, signed in once for the suite. */
export function countySession(): Promise<Session> {
  county ??= (async () => {
    const server = await sharedServer();
    await ensureTestUser(server.db, 'county-commander', 'commander', await rootCode());
    return signIn(server.url, 'county-commander');
  })();
  return county;
}

/** GETs a path as the county commander and returns status, headers and parsed JSON (or bytes). */
export async function get(path: string, headers: Record<string, string> = {}) {
  const session = await countySession();
  const res = await session.request('GET', path, undefined, headers);
  return { status: res.status, headers: res.headers, body: res.body as never };
}
