import type { ResponseCell } from '../../../api/stats.ts';

/** Which figure colours a hexagon. */
export type ResponseStat = 'p50' | 'p90';

/** Slow is red: five steps from green (quick) to dark red (slowest fifth). */
export const RESPONSE_RAMP: [number, number, number][] = [
  [46, 204, 113],
  [186, 218, 85],
  [255, 214, 10],
  [255, 128, 50],
  [214, 40, 57],
];

/** Round minute values a legend can show (5 分 … 30 天), each a whole duration in hours and minutes or days. */
const NICE_MINUTES = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 43200,
];

function nice(minutes: number): number {
  return NICE_MINUTES.find((n) => n >= minutes) ?? Math.ceil(minutes / 1440) * 1440;
}

/**
 * Four upper bounds (minutes) splitting the cells' figures into five classes at their quintiles,
 * rounded up to values a person reads at a glance and made strictly increasing.
 */
export function legendBreaks(values: readonly number[]): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const v = nice(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    const last = breaks[breaks.length - 1];
    breaks.push(last !== undefined && v <= last ? nice(last + 1) : v);
  }
  return breaks;
}

/**
 * Breaks for the heat surface: the colour runs linearly from 0 to about the 90th percentile, in
 * five equal steps of a round size (20 分, 2 小时 …), so every band edge reads as a round duration
 * (the surface is continuous, unlike the bins).
 */
export function heatBreaks(values: readonly number[]): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const step = nice(sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]! / 5);
  return [1, 2, 3, 4].map((i) => step * i);
}

/** The top of the heat surface's colour domain for these breaks (five equal steps). */
export function heatDomainTop(breaks: readonly number[]): number {
  return breaks.length === 0 ? 1 : Math.round((breaks[breaks.length - 1]! * 5) / 4);
}

/** The ramp colour of a value: class i when it is at most breaks[i]. */
export function rampColour(value: number, breaks: readonly number[]): [number, number, number] {
  const i = breaks.findIndex((b) => value <= b);
  return RESPONSE_RAMP[i === -1 ? RESPONSE_RAMP.length - 1 : Math.min(i, RESPONSE_RAMP.length - 1)]!;
}

/** One drawable hexagon. */
export interface HexagonDatum {
  key: string;
  ring: [number, number][];
  minutes: number;
  count: number;
  fill: [number, number, number, number];
}

/** Hexagons coloured by the chosen figure; a bin of a single incident is drawn fainter (one case is not a pattern). */
export function hexagonData(cells: readonly ResponseCell[], stat: ResponseStat, breaks: readonly number[]): HexagonDatum[] {
  return cells.map((c) => ({
    key: `${c.q},${c.r}`,
    ring: c.ring,
    minutes: c[stat],
    count: c.count,
    fill: [...rampColour(c[stat], breaks), c.count > 1 ? 150 : 80] as [number, number, number, number],
  }));
}

/** One heat-map sample: a bin centre weighted by its response time. */
export interface HeatDatum {
  position: [number, number];
  minutes: number;
}

/** Heat samples from the bins; the map averages them (MEAN), so colour reads as minutes, not as case counts. */
export function heatData(cells: readonly ResponseCell[], stat: ResponseStat): HeatDatum[] {
  return cells.map((c) => ({ position: c.centre, minutes: c[stat] }));
}

/** Legend rows: colour and the range of minutes it stands for. */
export function legendRows(breaks: readonly number[]): { colour: string; from: number | null; to: number | null }[] {
  if (breaks.length === 0) return [];
  return RESPONSE_RAMP.map((rgb, i) => ({
    colour: `rgb(${rgb.join(',')})`,
    from: i === 0 ? null : breaks[i - 1]!,
    to: i < breaks.length ? breaks[i]! : null,
  }));
}

/** About this many hexagons should cover the district: fine enough to locate, coarse enough to mean something. */
const TARGET_CELLS = 400;

/** Hexagon size (metres, centre to corner) giving about TARGET_CELLS over `areaKm2`, between 100 m and 3 km. */
export function hexSizeFor(areaKm2: number | null | undefined): number {
  if (!areaKm2 || areaKm2 <= 0) return 300;
  const size = Math.sqrt((areaKm2 * 1e6) / (TARGET_CELLS * 2.598));
  return Math.round(Math.min(3000, Math.max(100, size)) / 10) * 10;
}
