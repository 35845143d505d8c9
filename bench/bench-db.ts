import type { Db } from '../server/db/db.ts';
import { openPgDb } from '../server/db/pg-db.ts';
import { openPgliteDb } from '../server/db/pglite-db.ts';

/** Which backend a benchmark runs on: `postgres` uses BENCH_DATABASE_URL's server (default the local one). */
export type BenchBackend = 'pglite' | 'postgres';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of a fresh, empty benchmark database on the PostGIS server. */
export async function freshBenchDatabaseUrl(name: string): Promise<string> {
  const admin = await openPgDb(process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER);
  await admin.exec(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.exec(`CREATE DATABASE "${name}"`);
  await admin.close();
  const url = new URL(process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens a fresh database on the backend. */
export async function openBenchDb(backend: BenchBackend, name: string): Promise<{ db: Db; url: string }> {
  if (backend === 'pglite') return { db: await openPgliteDb('memory://'), url: '' };
  const url = await freshBenchDatabaseUrl(name);
  return { db: await openPgDb(url), url };
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Parses `--key value` pairs after the benchmark name. */
export function benchArgs(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) if (argv[i]!.startsWith('--')) out.set(argv[i]!.slice(2), argv[i + 1] ?? '');
  return out;
}
