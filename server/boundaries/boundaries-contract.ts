import type { Geometry, MultiPolygon } from 'geojson';
import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';

/**
 * The boundaries API as both sides see it: change sets and their drafted cells, the checks'
 * report, publishing, history, and the geometry operations of the editor (boundary files:
 * `files/files-contract.ts`).
 */

/** The parents whose children the viewer may redraw (GET /api/boundaries/areas). */
export interface EditorParent {
  code: string;
  name: string;
  level: string;
  cells: number;
}

/** The states of a change set. */
export const CHANGE_SET_STATUSES = ['draft', 'published', 'discarded'] as const;

/** Query of GET /api/boundaries/change-sets. */
export const changeSetListQuery = z.object({ status: z.enum(CHANGE_SET_STATUSES).optional() });

/** A change set as listed. */
export interface ChangeSetSummary {
  id: number;
  title: string;
  status: (typeof CHANGE_SET_STATUSES)[number];
  areaCode: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  reason: string | null;
  gapsAccepted: string | null;
  cellCount: number;
}

/** One drafted cell beside the cell as it is now. */
export interface DraftCell {
  code: string;
  action: 'create' | 'update' | 'delete';
  name: string;
  level: string;
  parentCode: string;
  baseVersion: number | null;
  geometry: Geometry | null;
  currentVersion: number | null;
  currentGeometry: Geometry | null;
}

/** A change set with its cells and the If-Match value that publishes it. */
export interface ChangeSet extends ChangeSetSummary {
  cells: DraftCell[];
  /** The versions the draft was drawn on, as the entity tags publishing must send in If-Match. */
  ifMatch: string;
  impact: Impact | null;
}

/** The checks of every parent a change set touches, and what publishing it would move. */
export interface ChangeSetReport {
  parents: Omit<ValidationReport, 'cells' | 'tolerances'>[];
  tolerances: ValidationReport['tolerances'];
  valid: boolean;
  complete: boolean;
  householdsInGaps: number;
  impact: Impact;
}

/** A parent and its children at full precision, for the editor. */
export interface EditorArea {
  parent: { code: string; name: string; level: string; version: number; geometry: MultiPolygon; childLevel: string | null };
  cells: { code: string; name: string; level: string; version: number; geometry: MultiPolygon; hasChildren: boolean }[];
}

const title = z.string().trim().min(1).max(200);
/** Body of POST /api/boundaries/change-sets. */
export const createBody = z.object({ title }).strict();
/** Body of PUT /api/boundaries/change-sets/:id/cells/:code: a drafted shape, a new cell or a deletion. */
export const cellBody = z
  .object({
    action: z.enum(['create', 'update', 'delete']).default('update'),
    name: z.string().trim().min(1).max(100).optional(),
    geometry: z.unknown().optional(),
  })
  .strict();

/** One version of a cell. */
export interface CellVersion {
  code: string;
  version: number;
  name: string;
  level: string;
  parentCode: string | null;
  figures: { households?: number; residents?: number; areaM2?: number };
  validFrom: string;
  validTo: string | null;
  changeSetId: number | null;
  changeSetTitle: string | null;
  author: string | null;
  reason: string;
  deleted: boolean;
  geometry: Geometry;
}

/** One publish under a parent, for the area timeline. */
export interface TimelineEntry {
  id: number;
  title: string;
  publishedAt: string;
  publishedBy: string | null;
  reason: string | null;
  gapsAccepted: string | null;
  totals: { households: number; residents: number; members: number; incidents: number; staffAssignments: number } | null;
  cells: { code: string; name: string; version: number; deleted: boolean }[];
}

/** A cell before and after one publish. */
export interface CellDiff {
  code: string;
  name: string;
  version: number;
  deleted: boolean;
  before: Geometry | null;
  after: Geometry;
}

/** Body of POST /api/boundaries/change-sets/:id/publish (with If-Match). */
export const publishBody = z
  .object({
    reason: z.string().trim().min(1).max(500),
    /** Why gaps without households are acceptable (a river, a road); without it any gap blocks. */
    acceptGaps: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

/** A cell a 412 names: someone else published it after the draft was drawn; its shape now. */
export interface StaleCell {
  code: string;
  baseVersion: number | null;
  currentVersion: number | null;
  currentGeometry: MultiPolygon | null;
}

/** What publishing answers: the new versions of the cells and what moved. */
export interface PublishResult {
  id: number;
  versions: { code: string; action: DraftCell['action']; version: number }[];
  impact: Impact;
}

/** Overlaps, parts outside the parent and gaps smaller than this (m²) are drawing noise, not errors. */
export const AREA_TOLERANCE_M2 = 1;
/** A polygon of a cell smaller than this (m²) is a sliver: no grid is a few metres across. */
export const SLIVER_M2 = 100;
/** Cells one change of a parent may name. */
export const MAX_CELLS_PER_PARENT = 60;
/** One cell of a proposed change: a new shape, a new cell, or a deletion (its area given to siblings). */
export const proposedCell = z
  .object({
    code: gridCodeSchema,
    action: z.enum(['create', 'update', 'delete']).default('update'),
    name: z.string().trim().min(1).max(100).optional(),
    geometry: z.unknown().optional(),
  })
  .strict();

export type ProposedCell = z.infer<typeof proposedCell>;

/** Body of POST /api/boundaries/validate: the children of one parent as a change would leave them. */
export const validateBody = z
  .object({ parentCode: gridCodeSchema, cells: z.array(proposedCell).min(1).max(MAX_CELLS_PER_PARENT) })
  .strict();

/** What the checks found; `errors` block saving nothing but publishing everything. */
export interface ValidationReport {
  parentCode: string;
  tolerances: { areaM2: number; sliverM2: number };
  cells: { code: string; action: ProposedCell['action']; vertices: number; duplicatesDropped: number }[];
  outside: { code: string; areaM2: number; geometry: Geometry }[];
  overlaps: { code: string; sibling: string; areaM2: number; geometry: Geometry }[];
  slivers: { code: string; areaM2: number; geometry: Geometry }[];
  gaps: { areaM2: number; geometry: Geometry; households: number }[];
  /** No overlap, nothing outside the parent, no sliver. */
  valid: boolean;
  /** Valid and no gap; gaps without households may still be published when accepted with a reason. */
  complete: boolean;
  /** Households that would stand in no grid: never publishable. */
  householdsInGaps: number;
}

/** Counts into and out of one cell. */
export interface CellImpact {
  code: string;
  householdsIn: number;
  householdsOut: number;
  residentsIn: number;
  residentsOut: number;
  membersIn: number;
  membersOut: number;
  incidentsIn: number;
  incidentsOut: number;
  staffIn: number;
  staffOut: number;
}

/** What a change set moves, as shown before publishing and kept after. */
export interface Impact {
  totals: { households: number; residents: number; members: number; incidents: number; staffAssignments: number };
  cells: CellImpact[];
  /** Moves between a pair of cells (toCode null: into a gap). */
  flows: { fromCode: string; toCode: string | null; households: number; residents: number; members: number; incidents: number }[];
  /**
   * Where the moved households are, to about 10 m with a count per place: an operator sees where
   * the border moves people without seeing which household is which (operators do not read people).
   */
  householdPoints: { lon: number; lat: number; fromCode: string; toCode: string | null; count: number }[];
  /** Moved open incidents: position and colour only, as a wall shows them. */
  incidentPoints: { lon: number; lat: number; fromCode: string; toCode: string | null; colour: string }[];
  /** Where each deleted cell's staff and leftovers go. */
  heirs: { code: string; heir: string | null }[];
}

/** A drawn line's vertex. */
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** Body of POST /api/boundaries/split. */
export const splitBody = z.object({ geometry: z.unknown(), line: z.array(lonLat).min(2).max(1000) }).strict();
/** Body of POST /api/boundaries/overlay. */
export const overlayBody = z.object({ op: z.enum(['difference', 'intersection']), a: z.unknown(), b: z.unknown() }).strict();
/** Body of POST /api/boundaries/merge. */
export const mergeBody = z.object({ geometries: z.array(z.unknown()).min(2).max(12) }).strict();

/** Body of POST /api/boundaries/cells/:code/suggest-split. */
export const suggestBody = z.object({ parts: z.number().int().min(2).max(8).optional() }).strict();
