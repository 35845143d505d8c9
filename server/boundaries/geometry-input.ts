/**
 * The structural check of a cell's shape as a client sends it, before PostGIS sees it: a Polygon
 * or MultiPolygon of closed rings of at least four positions, each a finite longitude and
 * latitude, within a vertex budget. What passes is normalised (consecutive duplicate positions
 * dropped, a third coordinate ignored) and returned as MultiPolygon coordinates; the first problem
 * found is reported with where it is. Winding is not checked here: PostGIS orients the rings
 * (RFC 7946 asks writers for counter-clockwise shells; most real data is clockwise).
 */

/** Positions one cell may have: about ten times the most detailed real grid, and cheap for PostGIS. */
export const MAX_CELL_VERTICES = 20_000;

type Position = [number, number];
type MultiPolygonCoordinates = Position[][][];

/** What is wrong with a shape, where (a JSON path into the input) and in both languages. */
export interface GeometryProblem {
  rule:
    | 'not_an_object'
    | 'wrong_type'
    | 'bad_coordinates'
    | 'bad_position'
    | 'out_of_range'
    | 'ring_too_short'
    | 'ring_not_closed'
    | 'too_many_vertices'
    | 'empty';
  path: string;
  zh: string;
  en: string;
}

type GeometryInput =
  { ok: true; coordinates: MultiPolygonCoordinates; vertices: number; duplicatesDropped: number } | { ok: false; problem: GeometryProblem };

class Refused extends Error {
  constructor(readonly problem: GeometryProblem) {
    super(problem.en);
  }
}
const refuse = (rule: GeometryProblem['rule'], path: string, zh: string, en: string): never => {
  throw new Refused({ rule, path, zh, en });
};

function position(value: unknown, path: string): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3)
    refuse('bad_position', path, '坐标应为 [经度, 纬度]', 'a position must be [longitude, latitude]');
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat))
    refuse('bad_position', path, '经度和纬度必须是有限的数字', 'longitude and latitude must be finite numbers');
  if (Math.abs(lon as number) > 180 || Math.abs(lat as number) > 90)
    refuse(
      'out_of_range',
      path,
      `坐标超出范围（经度 ±180、纬度 ±90）：${String(lon)}, ${String(lat)}`,
      `position out of range (longitude ±180, latitude ±90): ${String(lon)}, ${String(lat)}`,
    );
  return [lon as number, lat as number];
}

function ring(value: unknown, path: string, budget: { left: number; dropped: number }): Position[] {
  if (!Array.isArray(value)) return refuse('bad_coordinates', path, '环应为坐标数组', 'a ring must be an array of positions');
  if (value.length > budget.left)
    refuse(
      'too_many_vertices',
      path,
      `顶点过多：每个网格最多 ${MAX_CELL_VERTICES} 个顶点`,
      `too many vertices: at most ${MAX_CELL_VERTICES} per cell`,
    );
  const out: Position[] = [];
  value.forEach((v, i) => {
    const p = position(v, `${path}[${i}]`);
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) budget.dropped++;
    else out.push(p);
  });
  budget.left -= value.length;
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length >= 2 && (first![0] !== last![0] || first![1] !== last![1]))
    refuse('ring_not_closed', path, '环未闭合：首尾坐标必须相同', 'the ring is not closed: its first and last positions must be the same');
  if (out.length < 4)
    refuse(
      'ring_too_short',
      path,
      '环至少需要 4 个坐标（3 个不同的顶点再回到起点）',
      'a ring needs at least 4 positions (3 distinct vertices and the first again)',
    );
  return out;
}

function polygon(value: unknown, path: string, budget: { left: number; dropped: number }): Position[][] {
  if (!Array.isArray(value)) return refuse('bad_coordinates', path, '多边形应为环的数组', 'a polygon must be an array of rings');
  if (value.length === 0) refuse('empty', path, '多边形没有任何环', 'the polygon has no rings');
  return value.map((r, i) => ring(r, `${path}[${i}]`, budget));
}

/** Checks and normalises a GeoJSON Polygon or MultiPolygon geometry. */
export function readCellGeometry(input: unknown): GeometryInput {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      refuse('not_an_object', 'geometry', '缺少几何图形（GeoJSON 对象）', 'a geometry (a GeoJSON object) is required');
    const g = input as { type?: unknown; coordinates?: unknown };
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
      refuse(
        'wrong_type',
        'geometry.type',
        `网格边界应为 Polygon 或 MultiPolygon，而不是 ${String(g.type)}`,
        `a cell boundary must be a Polygon or MultiPolygon, not ${String(g.type)}`,
      );
    if (!Array.isArray(g.coordinates))
      refuse('bad_coordinates', 'geometry.coordinates', '缺少坐标数组', 'the coordinates array is missing');
    const budget = { left: MAX_CELL_VERTICES, dropped: 0 };
    const coords = g.coordinates as unknown[];
    const parts =
      g.type === 'Polygon'
        ? [polygon(coords, 'geometry.coordinates', budget)]
        : coords.map((p, i) => polygon(p, `geometry.coordinates[${i}]`, budget));
    if (parts.length === 0) refuse('empty', 'geometry.coordinates', '几何图形为空', 'the geometry is empty');
    return { ok: true, coordinates: parts, vertices: MAX_CELL_VERTICES - budget.left - budget.dropped, duplicatesDropped: budget.dropped };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, problem: err.problem };
    throw err;
  }
}
