import type { Queryable } from '../db/db.ts';
import { LEAF_LEVEL } from './change-sets-sql.ts';
import * as sql from './impact-sql.ts';
import { type CellImpact, type Impact } from './boundaries-contract.ts';

/** One household that changes cell (toCode null: it would stand in no grid). */
interface HouseholdMove {
  id: number;
  fromCode: string;
  toCode: string | null;
  lon: number;
  lat: number;
}

/** One incident that changes base grid. */
interface IncidentMove {
  id: string;
  fromCode: string;
  toCode: string | null;
  status: string;
  colour: string;
  responsibleCode: string;
  lon: number;
  lat: number;
}

/** Everything publishing a change set would move, computed once and applied as computed. */
export interface Moves {
  households: HouseholdMove[];
  incidents: IncidentMove[];
  blocks: { id: number; fromCode: string; toCode: string | null }[];
  heirs: { code: string; heir: string | null }[];
  /** Residents and current key-group members per moved household. */
  people: Map<number, { residents: number; members: number }>;
  /** Staff assignments per deleted cell (they go to its heir). */
  assignments: Map<string, number>;
}

/** Computes the moves of change set `id` against the cells as they are now. */
export async function computeMoves(db: Queryable, id: number): Promise<Moves> {
  const [leaf] = await db.query<{ key: string }>(LEAF_LEVEL);
  const params = [id, leaf!.key];
  const households = await db.query<HouseholdMove>(sql.HOUSEHOLD_MOVES, params);
  const incidents = await db.query<IncidentMove>(sql.INCIDENT_MOVES, params);
  const blocks = await db.query<Moves['blocks'][number]>(sql.BLOCK_MOVES, params);
  const heirs = await db.query<Moves['heirs'][number]>(sql.HEIRS, [id]);
  const people = new Map(
    (await db.query<{ id: number; residents: number; members: number }>(sql.PEOPLE_OF_HOUSEHOLDS, [households.map((h) => h.id)])).map(
      (p) => [p.id, { residents: p.residents, members: p.members }],
    ),
  );
  const assignments = new Map(
    (await db.query<{ code: string; n: number }>(sql.ASSIGNMENTS_OF, [heirs.map((h) => h.code)])).map((a) => [a.code, a.n]),
  );
  return { households, incidents, blocks, heirs, people, assignments };
}

/** Pure: the counts per cell and per pair, and the points to draw, from the moves. */
export function summariseImpact(moves: Moves): Impact {
  const cells = new Map<string, CellImpact>();
  const cell = (code: string): CellImpact => {
    let c = cells.get(code);
    if (!c) {
      const zero = { householdsIn: 0, householdsOut: 0, residentsIn: 0, residentsOut: 0, membersIn: 0, membersOut: 0 };
      c = { code, ...zero, incidentsIn: 0, incidentsOut: 0, staffIn: 0, staffOut: 0 };
      cells.set(code, c);
    }
    return c;
  };
  const flows = new Map<string, Impact['flows'][number]>();
  const flow = (fromCode: string, toCode: string | null) => {
    const key = `${fromCode}>${toCode ?? ''}`;
    let f = flows.get(key);
    if (!f) flows.set(key, (f = { fromCode, toCode, households: 0, residents: 0, members: 0, incidents: 0 }));
    return f;
  };
  const points = new Map<string, Impact['householdPoints'][number]>();
  const totals = { households: 0, residents: 0, members: 0, incidents: 0, staffAssignments: 0 };
  for (const h of moves.households) {
    const p = moves.people.get(h.id) ?? { residents: 0, members: 0 };
    const from = cell(h.fromCode);
    from.householdsOut++;
    from.residentsOut += p.residents;
    from.membersOut += p.members;
    if (h.toCode) {
      const to = cell(h.toCode);
      to.householdsIn++;
      to.residentsIn += p.residents;
      to.membersIn += p.members;
    }
    const f = flow(h.fromCode, h.toCode);
    f.households++;
    f.residents += p.residents;
    f.members += p.members;
    totals.households++;
    totals.residents += p.residents;
    totals.members += p.members;
    const lon = Math.round(h.lon * 1e4) / 1e4;
    const lat = Math.round(h.lat * 1e4) / 1e4;
    const key = `${lon},${lat},${h.fromCode},${h.toCode}`;
    const point = points.get(key);
    if (point) point.count++;
    else points.set(key, { lon, lat, fromCode: h.fromCode, toCode: h.toCode, count: 1 });
  }
  const open = moves.incidents.filter((i) => i.status !== 'closed');
  for (const i of open) {
    cell(i.fromCode).incidentsOut++;
    if (i.toCode) cell(i.toCode).incidentsIn++;
    flow(i.fromCode, i.toCode).incidents++;
    totals.incidents++;
  }
  for (const h of moves.heirs) {
    const n = moves.assignments.get(h.code) ?? 0;
    if (n === 0) continue;
    cell(h.code).staffOut += n;
    if (h.heir) cell(h.heir).staffIn += n;
    totals.staffAssignments += n;
  }
  return {
    totals,
    cells: [...cells.values()].sort((a, b) => a.code.localeCompare(b.code)),
    flows: [...flows.values()],
    householdPoints: [...points.values()],
    incidentPoints: open.map((i) => ({ lon: i.lon, lat: i.lat, fromCode: i.fromCode, toCode: i.toCode, colour: i.colour })),
    heirs: moves.heirs,
  };
}

/** The impact of change set `id` as it would be published now. */
export async function computeImpact(db: Queryable, id: number): Promise<Impact> {
  return summariseImpact(await computeMoves(db, id));
}
