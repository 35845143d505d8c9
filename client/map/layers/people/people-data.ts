import type { Feature, MultiPolygon } from 'geojson';
import type { GridCollection, GridProperties } from '../../../api/grids.ts';
import type { KeyGroupCategory, MemberHexagon, MemberPoint, RegisterCell } from '../../../api/people.ts';

/** What the population layer shows on the map. */
export type RegistersMode = 'off' | 'counts' | 'density' | 'overdue';

/** Few to many: five purples, so the layer never reads as the response map's green-to-red. */
export const MEMBERS_RAMP: [number, number, number][] = [
  [237, 231, 246],
  [196, 177, 229],
  [156, 124, 212],
  [118, 74, 188],
  [84, 39, 143],
];
/** Overdue visits: five oranges to deep red (a hot spot is where visits are late). */
export const OVERDUE_RAMP: [number, number, number][] = [
  [255, 237, 204],
  [255, 201, 130],
  [255, 152, 67],
  [235, 94, 40],
  [189, 30, 36],
];

/** The most classes a count layer is split into (one per colour of its ramp). */
const CLASSES = 5;

/**
 * Upper bounds of at most five classes of counts, whole and strictly increasing, the last being the largest
 * count. Few distinct counts get a class each; otherwise the quintiles split them, merged where they coincide,
 * so a skewed district never shows classes that hold nobody.
 */
export function countBreaks(values: readonly number[]): number[] {
  const sorted = values
    .filter((v) => Number.isFinite(v) && v > 0)
    .map((v) => Math.ceil(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const distinct = [...new Set(sorted)];
  if (distinct.length <= CLASSES) return distinct;
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8, 1]) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    if (breaks.length === 0 || v > breaks[breaks.length - 1]!) breaks.push(v);
  }
  return breaks;
}

/** The ramp colour of class i of k: k classes spread over the whole ramp, a single class in its middle. */
function rampColour(i: number, k: number, ramp: readonly [number, number, number][]): [number, number, number] {
  const last = ramp.length - 1;
  return ramp[k <= 1 ? Math.floor(last / 2) : Math.round((i * last) / (k - 1))]!;
}

/** The ramp colour of a count: the first class whose upper bound holds it (the top class for anything above). */
export function classColour(value: number, breaks: readonly number[], ramp: readonly [number, number, number][]): [number, number, number] {
  const i = breaks.findIndex((b) => value <= b);
  return rampColour(i === -1 ? breaks.length - 1 : i, breaks.length, ramp);
}

/** The figure a cell is coloured by in the counts layer: members, or those overdue. */
const cellValue = (cell: RegisterCell, overdue: boolean) => (overdue ? cell.overdue : cell.members);

/** One cell of the choropleth: its shape, its figures and its colour (cells with nobody stay clear). */
export type ChoroplethFeature = Feature<MultiPolygon, GridProperties & { value: number; fill: [number, number, number, number] }>;

/** The active level's cells joined to their figures and coloured by class. */
export function choroplethFeatures(
  collection: GridCollection | undefined,
  cells: readonly RegisterCell[],
  breaks: readonly number[],
  overdue = false,
): ChoroplethFeature[] {
  const byCode = new Map(cells.map((c) => [c.code, c]));
  const ramp = overdue ? OVERDUE_RAMP : MEMBERS_RAMP;
  return (collection?.features ?? []).flatMap((f) => {
    const cell = byCode.get(f.properties.code);
    if (!cell) return [];
    const value = cellValue(cell, overdue);
    const fill: [number, number, number, number] = value === 0 ? [0, 0, 0, 0] : [...classColour(value, breaks, ramp), 170];
    return [{ ...f, properties: { ...f.properties, value, fill } }];
  });
}

/** One hexagon ready to draw. */
export interface MemberHexDatum {
  ring: [number, number][];
  value: number;
  fill: [number, number, number, number];
}

/** Hexagons coloured by the measure asked for (members, or members overdue for a visit). */
export function memberHexData(
  cells: readonly MemberHexagon[],
  measure: 'members' | 'overdue',
  breaks: readonly number[],
): MemberHexDatum[] {
  const ramp = measure === 'overdue' ? OVERDUE_RAMP : MEMBERS_RAMP;
  return cells
    .map((c) => ({ ring: c.ring, value: measure === 'overdue' ? c.overdue : c.count }))
    .filter((c) => c.value > 0)
    .map((c) => ({ ...c, fill: [...classColour(c.value, breaks, ramp), 190] as [number, number, number, number] }));
}

/** Legend rows, one per class: its colour and the counts it stands for (from = to when it is one count). */
export function countLegend(breaks: readonly number[], ramp: readonly [number, number, number][]) {
  return breaks.map((to, i) => ({
    colour: `rgb(${rampColour(i, breaks.length, ramp).join(',')})`,
    from: i === 0 ? 1 : breaks[i - 1]! + 1,
    to,
  }));
}

/** A member household at close zoom: red when a visit is overdue, amber for a watch-list category, else blue. */
export interface MemberPointDatum {
  householdId: number;
  position: [number, number];
  members: number;
  fill: [number, number, number, number];
}

export function memberPointData(points: readonly MemberPoint[], categories: readonly KeyGroupCategory[]): MemberPointDatum[] {
  const watch = new Set(categories.filter((c) => c.kind === 'watch').map((c) => c.code));
  return points.map((p) => ({
    householdId: p.householdId,
    position: [p.lon, p.lat],
    members: p.members,
    fill: p.overdue ? [230, 57, 70, 240] : p.categories.some((c) => watch.has(c)) ? [255, 183, 3, 240] : [82, 213, 255, 240],
  }));
}

/** Individual points are drawn from this zoom on (a few streets across), and only for readers of people. */
export const POINTS_MIN_ZOOM = 15;

/** The server refuses boxes wider than this (degrees); the client clips the view to it around the centre. */
export const POINTS_MAX_SPAN = 0.05;

/** The box to ask points for: the view, clipped around its centre to what the server allows. */
export function pointsBox(bounds: [number, number, number, number]): [number, number, number, number] {
  const [w, s, e, n] = bounds;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const hx = Math.min(e - w, POINTS_MAX_SPAN * 0.999) / 2;
  const hy = Math.min(n - s, POINTS_MAX_SPAN * 0.999) / 2;
  return [cx - hx, cy - hy, cx + hx, cy + hy];
}

/** Visit compliance per cell: the share of members not overdue, worst first; cells without members left out. */
export function complianceRows(cells: readonly RegisterCell[]) {
  return cells
    .filter((c) => c.members > 0)
    .map((c) => ({ code: c.code, name: c.name, members: c.members, overdue: c.overdue, rate: 1 - c.overdue / c.members }))
    .sort((a, b) => a.rate - b.rate || b.overdue - a.overdue);
}

/** Months along the x axis and one series of members per category, in catalogue order; missing months are 0. */
export function trendSeries(rows: readonly { month: string; category: string; members: number }[], order: readonly string[]) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const byKey = new Map(rows.map((r) => [`${r.category}|${r.month}`, r.members]));
  const present = new Set(rows.map((r) => r.category));
  return {
    months,
    series: order
      .filter((c) => present.has(c))
      .map((category) => ({ category, data: months.map((m) => byKey.get(`${category}|${m}`) ?? 0) })),
  };
}
