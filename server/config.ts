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
  /** Folder of the built client. */
  clientDir: string;
  /** Largest JSON body accepted. */
  jsonLimit: string;
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
    clientDir: path.resolve(root, env.GRIDLINE_CLIENT_DIR ?? 'dist/client'),
    jsonLimit: env.GRIDLINE_JSON_LIMIT ?? '1mb',
  };
}

/** The repository root (migrations, built client). */
export const PROJECT_ROOT = root;
