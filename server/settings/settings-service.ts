import type { z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import {
  DEFAULT_HOUSEHOLDS_PER_WORKER,
  DEFAULT_RETENTION_DAYS,
  type createCategorySchema,
  type IncidentConfig,
  type limitsSchema,
  type patchCategorySchema,
  type Standards,
  type SystemSettings,
  type systemSettingsSchema,
} from './settings-contract.ts';
import * as sql from './settings-sql.ts';

/** How many days the audit trail keeps entries. */
export async function retentionDays(q: Queryable): Promise<number> {
  const [row] = await q.query<{ days: number }>(sql.SELECT_RETENTION_DAYS);
  return row?.days ?? DEFAULT_RETENTION_DAYS;
}

/** The standards every viewer's figures are measured against. */
export async function readStandards(q: Queryable): Promise<Standards> {
  const [row] = await q.query<{ n: number }>(sql.SELECT_HOUSEHOLDS_PER_WORKER);
  return { householdsPerWorker: row?.n ?? DEFAULT_HOUSEHOLDS_PER_WORKER };
}

/** The system settings as the administrator edits them. */
export async function readSystemSettings(q: Queryable): Promise<SystemSettings> {
  return { auditRetentionDays: await retentionDays(q), ...(await readStandards(q)) };
}

/** Saves the system settings in one audited transaction. */
export async function saveSystemSettings(
  db: Db,
  viewer: Viewer,
  body: z.infer<typeof systemSettingsSchema>,
  client: ClientInfo,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(sql.UPDATE_RETENTION_DAYS, [body.auditRetentionDays]);
    if (body.householdsPerWorker !== undefined) await tx.query(sql.UPDATE_HOUSEHOLDS_PER_WORKER, [body.householdsPerWorker]);
    await auditSuccess(tx, viewer, client, 'settings.update', ['settings', 'audit_retention_days'], body);
  });
}

/**
 * The catalogue and time limits (分色限时). New limits apply to deadlines set from now on;
 * running deadlines keep theirs. Categories are never deleted (incidents refer to them); a
 * retired one is made inactive.
 */
export async function readIncidentConfig(q: Queryable): Promise<IncidentConfig> {
  return {
    categories: await q.query<IncidentConfig['categories'][number]>(sql.SELECT_ALL_CATEGORIES),
    limits: await q.query<IncidentConfig['limits'][number]>(sql.SELECT_LIMITS),
  };
}

/** Changes time limits in one audited transaction. */
export async function setTimeLimits(db: Db, viewer: Viewer, body: z.infer<typeof limitsSchema>, client: ClientInfo): Promise<void> {
  await db.transaction(async (tx) => {
    for (const l of body.limits) await tx.query(sql.UPDATE_LIMIT, [l.colour, l.step, l.minutes]);
    await auditSuccess(tx, viewer, client, 'settings.time_limits', ['settings', 'incident_time_limits'], {
      changed: body.limits.map((l) => `${l.colour}/${l.step}=${l.minutes}`).join(','),
    });
  });
}

/** Adds a category (409 when its code is taken). */
export async function createCategory(
  db: Db,
  viewer: Viewer,
  body: z.infer<typeof createCategorySchema>,
  client: ClientInfo,
): Promise<void> {
  await db.transaction(async (tx) => {
    const made = await tx.query(sql.INSERT_CATEGORY, [body.code, body.nameZh, body.nameEn, body.defaultColour]);
    if (made.length === 0) throw new AppError(409, 'category_exists', { code: body.code }, 'code');
    await auditSuccess(tx, viewer, client, 'settings.category_create', ['incident_category', body.code], {
      defaultColour: body.defaultColour,
    });
  });
}

/** Renames, recolours, retires or restores a category (404 when there is none). */
export async function patchCategory(
  db: Db,
  viewer: Viewer,
  code: string,
  body: z.infer<typeof patchCategorySchema>,
  client: ClientInfo,
): Promise<void> {
  await db.transaction(async (tx) => {
    const changed = await tx.query(sql.UPDATE_CATEGORY, [
      code,
      body.nameZh ?? null,
      body.nameEn ?? null,
      body.defaultColour ?? null,
      body.active ?? null,
    ]);
    if (changed.length === 0) throw new AppError(404, 'unknown_category', { category: code }, 'code');
    await auditSuccess(
      tx,
      viewer,
      client,
      'settings.category_update',
      ['incident_category', code],
      Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])),
    );
  });
}
