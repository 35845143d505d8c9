import { getJson } from './http.ts';

/** GET /api/health */
export interface Health {
  status: 'ok';
  db: { backend: 'pglite' | 'postgres'; postgis: string; migration: number };
  district: { seed: string; scale: string; loadedAt: string } | null;
}

/** Fetches the server's health. */
export const fetchHealth = (): Promise<Health> => getJson('/api/health');
