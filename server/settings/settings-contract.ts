import { z } from 'zod';
import { CATEGORY_CODE } from '../incidents/incidents-contract.ts';
import { COLOURS, STEPS } from '../incidents/lifecycle.ts';

/**
 * The settings API as both sides see it: the system settings (audit retention, the workload
 * standard), the incident catalogue and its time limits (分色限时), and the standards every
 * viewer's charts measure against.
 */

/** Default retention of the audit trail: 180 days, the MLPS (等保) baseline of six months. */
export const DEFAULT_RETENTION_DAYS = 180;

/** Default households-per-worker standard when none is set. */
export const DEFAULT_HOUSEHOLDS_PER_WORKER = 300;

/** A month is the longest any step may be given. */
export const MAX_LIMIT_MINUTES = 43_200;

/** Body of PUT /api/admin/settings. */
export const systemSettingsSchema = z
  .object({
    auditRetentionDays: z.number().int().min(180).max(3650),
    /** The workload standard cells are measured against (the editor suggests splitting above it). */
    householdsPerWorker: z.number().int().min(50).max(2000).optional(),
  })
  .strict();

/** System settings: audit retention and the households-per-worker standard. */
export interface SystemSettings {
  auditRetentionDays: number;
  householdsPerWorker: number;
}

/** GET /api/settings/standards: what every chart measures against (no personal data, walls read it too). */
export interface Standards {
  householdsPerWorker: number;
}

/** Body of PUT /api/admin/incident-limits: the limits to change, each colour and step once. */
export const limitsSchema = z
  .object({
    limits: z
      .array(z.object({ colour: z.enum(COLOURS), step: z.enum(STEPS), minutes: z.number().int().min(1).max(MAX_LIMIT_MINUTES) }).strict())
      .min(1)
      .max(COLOURS.length * STEPS.length)
      .refine((rows) => new Set(rows.map((r) => `${r.colour}/${r.step}`)).size === rows.length, 'each colour and step once'),
  })
  .strict();

const name = (max: number) => z.string().trim().min(1).max(max);

/** Body of POST /api/admin/incident-categories. */
export const createCategorySchema = z
  .object({ code: z.string().regex(CATEGORY_CODE), nameZh: name(20), nameEn: name(40), defaultColour: z.enum(COLOURS) })
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

/** The incident catalogue and time limits as the administrator edits them. */
export interface IncidentConfig {
  categories: { code: string; nameZh: string; nameEn: string; defaultColour: string; active: boolean }[];
  limits: { colour: string; step: string; minutes: number }[];
}
