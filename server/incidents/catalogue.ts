import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { COLOURS, STEPS } from './lifecycle.ts';

const SELECT_ALL_CATEGORIES = `
  SELECT code, name_zh AS "nameZh", name_en AS "nameEn", default_colour AS "defaultColour", active
  FROM incident_categories ORDER BY code`;
const SELECT_LIMITS = 'SELECT colour, step, minutes FROM incident_time_limits ORDER BY colour, step';
const UPDATE_LIMIT = 'UPDATE incident_time_limits SET minutes = $3 WHERE colour = $1 AND step = $2 RETURNING minutes';
const INSERT_CATEGORY = `
  INSERT INTO incident_categories (code, name_zh, name_en, default_colour) VALUES ($1, $2, $3, $4)
  ON CONFLICT (code) DO NOTHING RETURNING code`;
const UPDATE_CATEGORY = `
  UPDATE incident_categories SET name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en),
    default_colour = coalesce($4, default_colour), active = coalesce($5, active)
  WHERE code = $1 RETURNING code`;

/** A month is the longest any step may be given. */
const MAX_MINUTES = 43_200;

/** Body of PUT /api/admin/incident-limits: the limits to change, each colour and step once. */
export const limitsSchema = z
  .object({
    limits: z
      .array(z.object({ colour: z.enum(COLOURS), step: z.enum(STEPS), minutes: z.number().int().min(1).max(MAX_MINUTES) }).strict())
      .min(1)
      .max(COLOURS.length * STEPS.length)
      .refine((rows) => new Set(rows.map((r) => `${r.colour}/${r.step}`)).size === rows.length, 'each colour and step once'),
  })
  .strict();

const name = (max: number) => z.string().trim().min(1).max(max);

/** Body of POST /api/admin/incident-categories. */
export const createCategorySchema = z
  .object({ code: z.string().regex(/^[a-z_]{2,40}$/), nameZh: name(20), nameEn: name(40), defaultColour: z.enum(COLOURS) })
  .strict();

/** Body of PATCH /api/admin/incident-categories/:code (at least one field). */
export const patchCategorySchema = z
  .object({
    nameZh: name(20).optional(),
    nameEn: name(40).optional(),
    defaultColour: z.enum(COLOURS).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/**
 * The catalogue and time limits (分色限时) as a system setting: read, changed in one audited
 * transaction. New limits apply to deadlines set from now on; running deadlines keep theirs.
 * Categories are never deleted (incidents refer to them); a retired one is made inactive.
 */
export function createCatalogue(db: Db) {
  return {
    async read() {
      return { categories: await db.query(SELECT_ALL_CATEGORIES), limits: await db.query(SELECT_LIMITS) };
    },

    async setLimits(viewer: Viewer, body: z.infer<typeof limitsSchema>, client: ClientInfo) {
      await db.transaction(async (tx) => {
        for (const l of body.limits) await tx.query(UPDATE_LIMIT, [l.colour, l.step, l.minutes]);
        await recordAudit(tx, {
          action: 'settings.time_limits',
          outcome: 'success',
          viewer,
          objectType: 'settings',
          objectId: 'incident_time_limits',
          ip: client.ip,
          detail: { changed: body.limits.map((l) => `${l.colour}/${l.step}=${l.minutes}`).join(',') },
        });
      });
    },

    async createCategory(viewer: Viewer, body: z.infer<typeof createCategorySchema>, client: ClientInfo) {
      await db.transaction(async (tx) => {
        const made = await tx.query(INSERT_CATEGORY, [body.code, body.nameZh, body.nameEn, body.defaultColour]);
        if (made.length === 0) throw new AppError(409, 'category_exists', { code: body.code }, 'code');
        await recordAudit(tx, {
          action: 'settings.category_create',
          outcome: 'success',
          viewer,
          objectType: 'incident_category',
          objectId: body.code,
          ip: client.ip,
          detail: { defaultColour: body.defaultColour },
        });
      });
    },

    async patchCategory(viewer: Viewer, code: string, body: z.infer<typeof patchCategorySchema>, client: ClientInfo) {
      await db.transaction(async (tx) => {
        const changed = await tx.query(UPDATE_CATEGORY, [
          code,
          body.nameZh ?? null,
          body.nameEn ?? null,
          body.defaultColour ?? null,
          body.active ?? null,
        ]);
        if (changed.length === 0) throw new AppError(404, 'unknown_category', { category: code }, 'code');
        await recordAudit(tx, {
          action: 'settings.category_update',
          outcome: 'success',
          viewer,
          objectType: 'incident_category',
          objectId: code,
          ip: client.ip,
          detail: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])),
        });
      });
    },
  };
}
