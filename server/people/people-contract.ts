import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';
import { CATEGORY_CODE, COLOURS } from '../incidents/incidents-contract.ts';
import type { HexagonBin } from '../incidents/stats-contract.ts';

/**
 * The people API as both sides see it: register figures (any reader of grids), residents
 * (masked, paged, audited), must-visit lists and visits.
 */

/** A key-group category code. */
const category = z.string().regex(CATEGORY_CODE);

/** Query of GET /api/registers/cells: figures for every cell of a level (under `area`, a cell of the viewer's), for one category or all. */
export const cellsQuery = z
  .object({ level: z.string().regex(/^[a-z_]{2,40}$/), category: category.optional(), area: gridCodeSchema.optional() })
  .strict();

/** Query of GET /api/registers/summary. */
export const summaryQuery = z.object({ grid: gridCodeSchema }).strict();

/** Query of GET /api/registers/hexagons: density of members, or of those overdue for a visit. */
export const hexagonsQuery = z
  .object({
    category: category.optional(),
    measure: z.enum(['members', 'overdue']).default('members'),
    size: z.coerce.number().int().min(100).max(3000).default(300),
  })
  .strict();

/** Query of GET /api/registers/trend. */
export const trendQuery = z
  .object({ category: category.optional(), months: z.coerce.number().int().min(1).max(36).default(12), area: gridCodeSchema.optional() })
  .strict();

/** Points are for close zoom only: a box at most this many degrees across (about 5 km). */
export const MAX_POINTS_SPAN = 0.05;
/** At most this many households in one answer; the client says when there were more. */
export const MAX_POINTS = 3000;

/** Query of GET /api/registers/points: a box as west,south,east,north. */
export const pointsQuery = z
  .object({
    bbox: z
      .string()
      .transform((s) => s.split(',').map(Number))
      .refine((b) => b.length === 4 && b.every(Number.isFinite), 'west,south,east,north')
      .refine(
        (b) => b[0]! >= -180 && b[2]! <= 180 && b[1]! >= -90 && b[3]! <= 90 && b[0]! < b[2]! && b[1]! < b[3]!,
        'west,south,east,north',
      ),
    category: category.optional(),
  })
  .strict();

/** Lists of people are paged and capped: a screen of names, never the register. */
export const RESIDENTS_PAGE_SIZE = 50;
export const MAX_RESIDENT_PAGES = 200;

/** Query of GET /api/residents. */
export const residentsQuery = z
  .object({
    grid: gridCodeSchema.optional(),
    /** The people of one household (a point clicked on the map) instead of a cell's. */
    household: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    page: z.coerce.number().int().min(1).max(MAX_RESIDENT_PAGES).default(1),
  })
  .strict()
  .refine((q) => (q.grid === undefined) !== (q.household === undefined), { message: 'give grid or household', path: ['grid'] });

/** Query of GET /api/residents/export. */
export const exportQuery = z.object({ grid: gridCodeSchema, format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

/** Body of POST /api/residents/:id/unmask: why the full record is needed. */
export const unmaskBody = z.object({ reason: z.string().trim().min(4).max(200) }).strict();

/** Query of GET /api/visits/due. */
export const dueQuery = z.object({ grid: gridCodeSchema, page: z.coerce.number().int().min(1).max(200).default(1) }).strict();

/** Body of POST /api/visits: the one-tap "visited", with where it happened when the device knows. */
export const visitBody = z
  .object({
    memberId: z.number().int().positive(),
    location: z
      .object({ lon: z.number().finite().min(-180).max(180), lat: z.number().finite().min(-90).max(90) })
      .strict()
      .optional(),
    found: z.string().trim().min(1).max(1000),
    followUp: z.boolean().default(false),
    /** A problem found on the visit becomes an incident, filed with the visit in one transaction. */
    raise: z
      .object({
        category: z.string().regex(CATEGORY_CODE),
        description: z.string().trim().min(1).max(2000),
        colour: z.enum(COLOURS).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A key-group category and how far the viewer sees its people: one by one, its own charges only, or counts only. */
export interface KeyGroupCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'visit' | 'watch';
  everyDays: number;
  active: boolean;
  individuals: 'all' | 'own' | 'none';
}

/** Register figures of one cell of a level (GET /api/registers/cells). */
export interface RegisterCell {
  code: string;
  name: string;
  households: number;
  rental: number;
  residents: number;
  floating: number;
  members: number;
  overdue: number;
}

/** A cell's register summary (GET /api/registers/summary). */
export interface RegisterSummary {
  code: string;
  name: string;
  level: string;
  households: number;
  rental: number;
  residents: number;
  floating: number;
  ages: { under15: number; from15to59: number; over60: number; over80: number };
  keyGroups: { category: string; members: number; overdue: number; dueSoon: number }[];
}

/** One hexagon of key-group members (GET /api/registers/hexagons). */
export interface MemberHexagon extends HexagonBin {
  overdue: number;
}

/** GET /api/registers/hexagons. */
export interface MemberHexagons {
  measure: 'members' | 'overdue';
  category: string | null;
  size: number;
  /** Bins with fewer members than this are withheld (for viewers who may not see those people). */
  minCount: number;
  withheld: number;
  cells: MemberHexagon[];
}

/** Members per month and category (GET /api/registers/trend). */
export interface RegisterTrend {
  months: number;
  rows: { month: string; category: string; members: number }[];
}

/** A household with key-group members, at close zoom, for readers of people: no names, no numbers. */
export interface MemberPoint {
  householdId: number;
  lon: number;
  lat: number;
  gridCode: string;
  categories: string[];
  members: number;
  overdue: boolean;
}

/** A resident as the register answers: masked unless unmasked for that one request. */
export interface Resident {
  id: number;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  gender: 'M' | 'F';
  birthDate: string;
  hukou: 'registered' | 'floating';
  householdId: number;
  address: string;
  tenure: 'owner' | 'rental' | null;
  gridCode: string;
  keyGroups: string[];
}

/** One page of a capped list. */
export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/** One person on a must-visit list (masked). */
export interface DueVisit {
  memberId: number;
  residentId: number;
  name: string | null;
  address: string;
  gridCode: string;
  category: string;
  kind: 'visit' | 'watch';
  lastVisitAt: string | null;
  dueAt: string;
  overdue: boolean;
}

/** The one-tap "visited" as the client sends it. */
export type VisitInput = z.input<typeof visitBody>;

/** What recording a visit answers. */
export interface VisitRecorded {
  id: string;
  visitedAt: string;
  nextDueAt: string;
  incidentId: string | null;
}
