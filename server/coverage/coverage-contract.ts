import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';

/** Coverage gaps (村不漏户、户不漏人): where the net has holes, counted and listed for the viewer's area. */

/** The kinds of gap, in the order they are shown. */
export const GAP_KINDS = [
  'householdsOutside',
  'gridsWithoutLeader',
  'gridsWithoutFullTime',
  'gridsOverStandard',
  'watchWithoutWorker',
  'gridsWithoutVisit',
  'buildingsWithoutHousehold',
  'rentalsWithoutResidents',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** Query of GET /api/coverage: a cell of the viewer's area to narrow to. */
export const coverageQuery = z.object({ area: gridCodeSchema.optional() }).strict();

/** One place a gap is found: the cell it concerns (or lies in), a label, where to open the map, and what the figure is. */
export interface GapItem {
  code: string | null;
  name: string;
  lon: number;
  lat: number;
  /** The figure behind it (households per worker, members without a worker, days since a visit…), or null. */
  value: number | null;
}

/** One kind of gap: how many, and the first places (at most MAX_GAP_ITEMS, the worst first). */
export interface CoverageGap {
  kind: GapKind;
  count: number;
  items: GapItem[];
}

/** GET /api/coverage. */
export interface Coverage {
  areaName: string;
  standard: number;
  gaps: CoverageGap[];
}

/** A gap lists this many places at most; its count is always whole. */
export const MAX_GAP_ITEMS = 100;
