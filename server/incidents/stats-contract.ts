import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';
import { COLOURS } from './lifecycle.ts';

/** The response-time statistics API (GET /api/incidents/stats/*) as both sides see it. */

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
    /** A cell of the viewer's area to narrow the figures to (the wall's drill-down). */
    area: gridCodeSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= MAX_STATS_DAYS * 86_400_000, {
    message: `the period may span at most ${MAX_STATS_DAYS} days`,
    path: ['to'],
  });

/** What the response-time map measures: report → first on site, or report → closed. */
export type ResponseMeasure = 'arrive' | 'close';

/** One hexagon of a binned map: its axial coordinates, how many fell in it, its centre and outline. */
export interface HexagonBin {
  q: number;
  r: number;
  count: number;
  centre: [number, number];
  ring: [number, number][];
}

/** One hexagon bin with its response times in minutes. */
export interface ResponseCell extends HexagonBin {
  p50: number;
  p90: number;
}

/** GET /api/incidents/stats/hexagons */
export interface ResponseHexagons {
  measure: ResponseMeasure;
  size: number;
  colour: string | null;
  from: string;
  to: string;
  cells: ResponseCell[];
}

/** GET /api/incidents/stats/kpis (minutes; rates 0–1, null when there is nothing to divide). */
export interface ResponseKpis {
  from: string;
  to: string;
  today: number;
  reported: number;
  closed: number;
  closureRate: number | null;
  onTimeRate: number | null;
  arrive: { p50: number | null; p90: number | null };
  close: { p50: number | null; p90: number | null };
  openNow: number;
  overdueNow: number;
  daily: { day: string; reported: number; closed: number; arriveP50: number | null }[];
}
