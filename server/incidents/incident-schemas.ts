import { z } from 'zod';
import { COLOURS, STATUSES } from './lifecycle.ts';

/** A finite number; JSON cannot carry NaN or Infinity, but strings and nulls are refused here too. */
const coordinate = (min: number, max: number) => z.number().finite().min(min).max(max);

/** Body of POST /api/incidents (only these fields). Longitude first, as in GeoJSON. */
export const intakeSchema = z
  .object({
    location: z.object({ lon: coordinate(-180, 180), lat: coordinate(-90, 90) }).strict(),
    category: z.string().regex(/^[a-z_]{2,40}$/),
    colour: z.enum(COLOURS).optional(),
    channel: z.enum(['patrol', 'resident', 'hotline', 'department']),
    description: z.string().trim().min(1).max(2000),
  })
  .strict();

/** Body of POST /api/incidents/:id/transitions. */
export const transitionSchema = z
  .object({
    to: z.enum(STATUSES),
    version: z.number().int().positive(),
    note: z.string().trim().max(1000).optional(),
    handlerStaffId: z.number().int().positive().optional(),
  })
  .strict();

/** Query of GET /api/incidents. */
export const listSchema = z.object({
  status: z.enum(STATUSES).optional(),
  colour: z.enum(COLOURS).optional(),
  category: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .optional(),
  /** Only cases not yet closed (what the map draws). */
  open: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

/** Longest period the statistics answer for in one request. */
export const MAX_STATS_DAYS = 400;

/** Query of the response-time statistics: a half-open period, what to measure and the hexagon size in metres. */
export const statsSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    measure: z.enum(['arrive', 'close']).default('arrive'),
    size: z.coerce.number().int().min(50).max(5000).default(300),
    colour: z.enum(COLOURS).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= MAX_STATS_DAYS * 86_400_000, {
    message: `the period may span at most ${MAX_STATS_DAYS} days`,
    path: ['to'],
  });
