import { hashPassword } from '../server/auth/passwords.ts';
import { loadIncidentHistory } from '../server/seed/load-history.ts';
import { signIn, type Session } from '../server/cli/api-session.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import { freshBenchDatabaseUrl, type BenchBackend } from './bench-db.ts';

/** The password of the benchmark's commander `bench`, bound to the whole district. */
export const BENCH_PASSWORD = 'bench password 2026';

/**
 * A server with the demo district (no history) on a fresh database of the backend, intake limits
 * lifted so the benchmark measures the system and not the flood guard, and a commander over the
 * whole district signed in.
 */
export async function benchServer(
  backend: BenchBackend,
  name: string,
  overrides: Partial<Config> = {},
): Promise<{ server: RunningServer; commander: Session; url: string }> {
  const url = backend === 'postgres' ? await freshBenchDatabaseUrl(name) : '';
  const server = await startServer(
    {
      ...loadConfig({}),
      port: 0,
      databaseUrl: url,
      dataDir: 'memory://',
      seedScale: 'demo',
      seedHistoryDays: 0,
      intakePerSecond: 1e9,
      intakeBurst: 1e9,
      ...overrides,
    },
    () => undefined,
  );
  await server.db.query(
    `INSERT INTO users (username, display_name, password_hash, role, area_code)
     SELECT 'bench', 'bench', $1, 'commander', code FROM grids WHERE parent_code IS NULL`,
    [await hashPassword(BENCH_PASSWORD)],
  );
  return { server, commander: await signIn(server.url, 'bench', BENCH_PASSWORD), url };
}

/** Leaf-grid label points: where benchmark incidents are reported, spread over the district. */
export async function reportSpots(server: RunningServer): Promise<{ lon: number; lat: number; code: string }[]> {
  return server.db.query("SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code");
}

/**
 * The county on the PostGIS server with `days` of incident history at the county's rate (about
 * 40,000 reports a month), for the wall benchmarks; the commander `bench` sees all of it.
 */
export async function countyServer(name: string, days: number): Promise<{ server: RunningServer; open: number; written: number }> {
  const { server } = await benchServer('postgres', name, { seedScale: 'county', seedHistoryDays: 0 });
  const written =
    days > 0 ? await loadIncidentHistory(server.db, { seed: 'gridline', days, targetCount: Math.round((40_000 / 30) * days) }) : 0;
  const [row] = await server.db.query<{ open: number }>("SELECT count(*)::int AS open FROM incidents WHERE status <> 'closed'");
  return { server, open: row!.open, written };
}
