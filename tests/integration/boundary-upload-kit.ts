import { expect } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

/** The preview of an upload as the tests read it. */
export interface Preview {
  id: number;
  format: string;
  featureCount: number;
  fields: string[];
  sample: Record<string, string | number | boolean | null>[];
  crs: { crs: string | null; reason: string; projection?: { code: string | null; name: string } };
  geographic: boolean;
  warnings: { zh: string; en: string }[];
  problems: { index: number; label: string; reason: string; reasonEn: string }[];
  layers: string[];
  layer: string | null;
  encoding: { declared: string | null; used: string; tried: { encoding: string; damaged: number }[] } | null;
  damage: { field: string; kind: string; count: number; examples: string[] }[];
  location: { distanceKm: number; areaName: string; parents: { code: string | null; name: string | null; features: number }[] } | null;
  choices: { code: string; name: string; distanceKm: number }[];
}

/** A draft's report as the tests read it. */
export interface Report {
  valid: boolean;
  complete: boolean;
  parents: { outside: unknown[]; gaps: unknown[]; overlaps: unknown[] }[];
  impact: { totals: { households: number } };
}

/** POSTs a boundary file as `session` and returns the status and the preview (or the error). */
export async function uploadAs(session: Session, name: string, type: string, body: Uint8Array | string) {
  const { url } = await sharedServer();
  const res = await fetch(`${url}/api/boundaries/imports?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': type },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: res.status, body: (await res.json()) as Preview & { error?: { code: string; message: string } } };
}

/** Drafts an upload (expecting success) and fetches the draft's report. */
export async function draftAs(session: Session, id: number, body: Record<string, unknown>) {
  const draft = await session.request('POST', `/api/boundaries/imports/${id}/draft`, body);
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const cs = draft.body as { id: number; cells: { code: string; action: string; name: string }[]; unchanged: string[] };
  const report = (await session.request('GET', `/api/boundaries/change-sets/${cs.id}/report`)).body as Report;
  return { cs, report };
}

/** Rows of a table now (uploads, drafts): a refused request leaves them as they were. */
export async function countRows(table: 'boundary_imports' | 'change_sets' | 'change_set_cells'): Promise<number> {
  const { db } = await sharedServer();
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
}

/** An operator over the whole district, signed in, with the community of most grids and those grids as exported. */
export async function operatorWithCommunity<T>(username: string): Promise<{ session: Session; community: string; cells: T }> {
  const { url, db } = await sharedServer();
  await ensureTestUser(db, username, 'operator', await rootCode());
  const session = await signIn(url, username);
  const [c] = await db.query<{ code: string }>(
    "SELECT parent_code AS code FROM grids WHERE level = 'grid' GROUP BY parent_code ORDER BY count(*) DESC, parent_code LIMIT 1",
  );
  const exported = await session.request('GET', `/api/boundaries/export?level=grid&parent=${c!.code}`);
  expect(exported.status).toBe(200);
  return { session, community: c!.code, cells: exported.body as T };
}
