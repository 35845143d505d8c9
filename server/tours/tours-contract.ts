import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';

/**
 * The wall tours API as both sides see it: the scenes a wall can show, a tour of them (each for
 * some seconds) set by a commander for one wall token, and what the wall reads of its own tour.
 */

/**
 * The named scenes: the whole area with its live cases, the live cases at grid level, response
 * times as a heat surface, population and visits, and a close-up of one chosen cell. (The
 * assessment scene joins when the monthly assessment lands.)
 */
export const SCENES = ['overview', 'incidents', 'response', 'population', 'closeup'] as const;
export type Scene = (typeof SCENES)[number];

/** The analysis panels a scene can put in front (each scene has its own; a step may choose another). */
export const SCENE_PANELS = ['workload', 'keyGroups', 'visits'] as const;
export type ScenePanel = (typeof SCENE_PANELS)[number];

/** A step is on screen this long at least and at most (an hour: longer is a fixed scene, not a tour). */
export const MIN_STEP_SECONDS = 10;
export const MAX_STEP_SECONDS = 3600;
/** More steps than a room can follow is a mistake, not a tour. */
export const MAX_TOUR_STEPS = 20;
/** After someone touches the wall, the tour waits this long before it goes on. */
export const TOUR_PAUSE_SECONDS = 60;

/** One step of a tour: a scene for some seconds; a close-up names its cell, inside the wall's area. */
export const tourStepSchema = z
  .object({
    scene: z.enum(SCENES),
    seconds: z.number().int().min(MIN_STEP_SECONDS).max(MAX_STEP_SECONDS),
    cell: gridCodeSchema.optional(),
    panel: z.enum(SCENE_PANELS).optional(),
  })
  .strict()
  .refine((s) => (s.scene === 'closeup') === (s.cell !== undefined), {
    message: 'a close-up names its cell, and only a close-up does',
    path: ['cell'],
  });
export type TourStep = z.infer<typeof tourStepSchema>;

/** Body of PUT /api/wall-tokens/:id/tour: the steps, and the version the editor saw (0: none yet). */
export const tourSchema = z
  .object({
    steps: z.array(tourStepSchema).min(1).max(MAX_TOUR_STEPS),
    version: z.number().int().min(0),
  })
  .strict();

/** Body of DELETE /api/wall-tokens/:id/tour: the version the editor saw. */
export const stopTourSchema = z.object({ version: z.number().int().min(0) }).strict();

/** A wall token's tour as its editor sees it (no steps and version 0 before the first). */
export interface WallTour {
  wallTokenId: number;
  steps: TourStep[];
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /api/tour: what the wall reads of its own tour (other viewers have none). */
export interface OwnTour {
  wallTokenId: number | null;
  steps: TourStep[];
  version: number;
}
