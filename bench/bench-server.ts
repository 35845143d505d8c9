import { hashPassword } from '../server/auth/passwords.ts';
import { signIn, type Session } from '../server/cli/api-session.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import { freshBenchDatabaseUrl, type BenchBackend } from './bench-db.ts';

const BENCH_PASSWORD = 'bench password 2026';

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
