import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';
import { MAX_STATS_DAYS } from './stats-contract.ts';

/**
 * The playback API (GET /api/incidents/playback) as both sides see it: the lifecycle of every
 * incident alive during a window of up to a day, for the wall to replay, and the moments the
 * boundaries changed in it (GET /api/grids/as-of gives the cells in force at a moment).
 */

/** A playback covers a day at most: the wall replays a day, or some hours of one. */
export const MAX_PLAYBACK_HOURS = 24;
/** How far back a playback may start: as far as the statistics look. */
export const PLAYBACK_HORIZON_DAYS = MAX_STATS_DAYS;
/** The replay speeds the wall offers (1× is real time; 3600× is an hour a second). */
export const PLAYBACK_SPEEDS = [1, 10, 60, 300, 900, 3600] as const;

const HOUR_MS = 3_600_000;

/** Query of GET /api/incidents/playback: a half-open window in the past, and optionally a cell to narrow it to. */
export const playbackSchema = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    area: gridCodeSchema.optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PLAYBACK_HOURS * HOUR_MS, {
    message: `a playback spans at most ${MAX_PLAYBACK_HOURS} hours`,
    path: ['to'],
  })
  // A minute's grace for the caller's clock; beyond it the window has not happened yet.
  .refine((q) => Date.parse(q.to) <= Date.now() + 60_000, { message: 'the window lies in the future', path: ['to'] })
  .refine((q) => Date.parse(q.from) >= Date.now() - PLAYBACK_HORIZON_DAYS * 24 * HOUR_MS, {
    message: `a playback starts at most ${PLAYBACK_HORIZON_DAYS} days ago`,
    path: ['from'],
  });

/** One incident of a playback: where and what (no names, no description), and each status it took with when. */
export interface PlaybackIncident {
  id: string;
  lon: number;
  lat: number;
  colour: 'red' | 'orange' | 'yellow' | 'blue';
  category: string;
  gridCode: string | null;
  responsibleCode: string;
  createdAt: string;
  /** [when, status] in order, from the report on, up to the window's end. */
  steps: [string, string][];
}

/** GET /api/incidents/playback */
export interface PlaybackWindow {
  from: string;
  to: string;
  incidents: PlaybackIncident[];
  /** Moments inside the window when a boundary of the area was published: the map's cells change there. */
  boundaryChanges: string[];
}
