import { z } from 'zod';
import { invalidParameter } from '../http/app-error.ts';
import { GRID_CODE } from './grids-contract.ts';

/** Parsed query of GET /api/grids. */
export interface GridQuery {
  level: string | null;
  parent: string | null;
  bbox: [number, number, number, number] | null;
  zoom: number | null;
}

const querySchema = z.object({
  level: z.string().optional(),
  parent: z.string().optional(),
  bbox: z.string().optional(),
  zoom: z.string().optional(),
});

/** Lowest and highest zoom the map uses. */
const ZOOM_RANGE = [0, 22] as const;

function single(value: unknown, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(param, '只能给一个值', 'give it once, as a single value');
  return value;
}

/** Parses `minLon,minLat,maxLon,maxLat` in WGS-84. */
export function parseBbox(raw: string): [number, number, number, number] {
  const parts = raw.split(',');
  if (parts.length !== 4)
    throw invalidParameter('bbox', '应为 4 个数：最小经度,最小纬度,最大经度,最大纬度', 'expected 4 numbers: minLon,minLat,maxLon,maxLat');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) throw invalidParameter('bbox', '包含非数字', 'contains something that is not a finite number');
  const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
  if (Math.abs(minLon) > 180 || Math.abs(maxLon) > 180)
    throw invalidParameter('bbox', '经度须在 ±180 之间', 'longitude must be within ±180');
  if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) throw invalidParameter('bbox', '纬度须在 ±90 之间', 'latitude must be within ±90');
  if (minLon > maxLon || minLat > maxLat) throw invalidParameter('bbox', '最小值大于最大值', 'a minimum is greater than its maximum');
  return [minLon, minLat, maxLon, maxLat];
}

/** Parses and checks the query string of GET /api/grids (level is checked against the database later). */
export function parseGridQuery(query: unknown): GridQuery {
  const q = querySchema.parse(Object.fromEntries(Object.entries(query as object).map(([k, v]) => [k, single(v, k)])));
  let zoom: number | null = null;
  if (q.zoom !== undefined) {
    zoom = q.zoom.trim() === '' ? NaN : Number(q.zoom);
    if (!Number.isFinite(zoom) || zoom < ZOOM_RANGE[0] || zoom > ZOOM_RANGE[1]) {
      throw invalidParameter(
        'zoom',
        `应为 ${ZOOM_RANGE[0]} 到 ${ZOOM_RANGE[1]} 之间的数`,
        `expected a number from ${ZOOM_RANGE[0]} to ${ZOOM_RANGE[1]}`,
      );
    }
  }
  if (q.parent !== undefined && !GRID_CODE.test(q.parent)) {
    throw invalidParameter(
      'parent',
      '网格编码应为 12 位行政区划代码加若干组 3 位数字',
      'a grid code is a 12-digit division code followed by groups of 3 digits',
    );
  }
  if (q.level !== undefined && !/^[a-z_]{1,40}$/.test(q.level)) {
    throw invalidParameter('level', '层级名只能包含小写字母和下划线', 'a level key has only lower-case letters and underscores');
  }
  return { level: q.level ?? null, parent: q.parent ?? null, bbox: q.bbox !== undefined ? parseBbox(q.bbox) : null, zoom };
}

/** Simplification tolerance in degrees for a zoom: half a pixel of a 512-px tile; none at street zooms. */
export function toleranceForZoom(zoom: number | null): number | null {
  if (zoom === null || zoom >= 16) return null;
  return 360 / (512 * 2 ** zoom) / 2;
}
