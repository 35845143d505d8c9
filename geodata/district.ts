import type { BuildingKind } from './buildings.ts';
import type { LandUse } from './land-use.ts';
import type { Household, Resident } from './people.ts';
import type { LonLat } from './projection.ts';
import type { Registers } from './registers.ts';
import type { ScaleName } from './scales.ts';
import type { RoadClass } from './streets.ts';

/** A configurable level of the grid hierarchy (the depth is data, not code). */
export interface GridLevel {
  key: string;
  rank: number;
  nameZh: string;
  nameEn: string;
  /** Whether cells of this level tile their parent (false for building footprints). */
  tilesParent: boolean;
}

/** One cell of the grid hierarchy; its polygon is the union of its blocks, built in PostGIS. */
export interface GridCell {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  leaderStaffId: number | null;
}

/** A street block: a polygon bounded by streets (or the river or the district edge). */
export interface Block {
  id: number;
  landUse: LandUse;
  /** Code of the base grid the block belongs to. */
  gridCode: string;
  ring: LonLat[];
}

/** A road centre line with its class and (for longer roads) a name. */
export interface Road {
  id: number;
  name: string | null;
  roadClass: RoadClass;
  line: LonLat[];
}

/** A river centre line; PostGIS buffers it into a water polygon. */
export interface Waterway {
  id: number;
  name: string;
  widthM: number;
  line: LonLat[];
}

/** A residential compound (小区). */
export interface Compound {
  id: number;
  blockId: number;
  name: string;
  ring: LonLat[];
}

/** A building footprint. */
export interface Building {
  id: number;
  blockId: number;
  compoundId: number | null;
  name: string;
  kind: BuildingKind;
  floors: number;
  units: number;
  ring: LonLat[];
}

/** Grid staff duties. */
type StaffRole = 'grid_leader' | 'full_time' | 'part_time';

/** A member of grid staff. */
export interface Staff {
  id: number;
  name: string;
  gender: 'M' | 'F';
  role: StaffRole;
}

/** Assignment of staff to a grid cell (one-to-one, one-to-many or many-to-one). */
export interface StaffAssignment {
  staffId: number;
  gridCode: string;
  duty: StaffRole;
}

/** Everything the generator produces; deterministic for a (seed, scale) pair. */
export interface District {
  seed: string;
  scale: ScaleName;
  origin: LonLat;
  levels: GridLevel[];
  cells: GridCell[];
  blocks: Block[];
  roads: Road[];
  waterways: Waterway[];
  compounds: Compound[];
  buildings: Building[];
  households: Household[];
  residents: Resident[];
  staff: Staff[];
  assignments: StaffAssignment[];
  /** Personal registers of the households and residents above, and key-group memberships. */
  registers: Registers;
}

/** The registers: names, ID numbers, phones, 户籍/流动, tenure and key groups (geodata/registers.ts). */
