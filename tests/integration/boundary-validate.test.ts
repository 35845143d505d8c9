import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

/**
 * Golden files: each case sends a change of one community's grids (built from the deterministic
 * demo district) to POST /api/boundaries/validate and compares a summary of the answer with
 * tests/golden/boundaries/<case>.json. UPDATE_GOLDEN=1 rewrites the files; review the diff.
 */
const GOLDEN = path.join(PROJECT_ROOT, 'tests/golden/boundaries');

let operator: Session;
let community: string;
/** Two grids of the community that share an edge, and their shapes. */
let a: { code: string; geom: MultiPolygon; households: number };
let b: { code: string; geom: MultiPolygon };
/** A vertex on the edge a and b share (not at a corner with a third cell). */
let shared: Position;

const sig = (n: number) => (n === 0 ? 0 : Number(n.toPrecision(3)));

/** What a golden file records of an answer: the rules that fired, where, and by how much. */
function summary(status: number, body: Record<string, unknown>) {
  if (status !== 200) {
    const error = body.error as { code: string; message: string };
    const location = body.location as { type: string } | undefined;
    return { status, code: error.code, message: error.message, path: body.path, location: location?.type ?? null };
  }
  const r = body as {
    valid: boolean;
    complete: boolean;
    householdsInGaps: number;
    cells: { code: string; action: string; vertices: number; duplicatesDropped: number }[];
    outside: { code: string; areaM2: number; geometry: { type: string } }[];
    overlaps: { code: string; sibling: string; areaM2: number; geometry: { type: string } }[];
    gaps: { areaM2: number; households: number; geometry: { type: string } }[];
    slivers: { code: string; areaM2: number }[];
  };
  return {
    status,
    valid: r.valid,
    complete: r.complete,
    householdsInGaps: r.householdsInGaps,
    cells: r.cells.map((c) => ({ code: c.code, action: c.action, duplicatesDropped: c.duplicatesDropped })),
    outside: r.outside.map((o) => ({ code: o.code, areaM2: sig(o.areaM2), type: o.geometry.type })),
    overlaps: r.overlaps.map((o) => ({ code: o.code, sibling: o.sibling, areaM2: sig(o.areaM2), type: o.geometry.type })),
    gaps: r.gaps.map((g) => ({ areaM2: sig(g.areaM2), households: g.households, type: g.geometry.type })),
    slivers: r.slivers.map((s) => ({ code: s.code, areaM2: sig(s.areaM2) })),
  };
}

async function golden(name: string, cells: unknown[], parentCode = community) {
  const res = await operator.request('POST', '/api/boundaries/validate', { parentCode, cells });
  const got = summary(res.status, res.body as Record<string, unknown>);
  const file = path.join(GOLDEN, `${name}.json`);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
  }
  expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  return { status: res.status, body: res.body as Record<string, unknown> };
}

const outer = (g: MultiPolygon) => g.coordinates[0]![0]!;
const withRing = (ring: Position[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[ring]] });
const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
const sameSegment = ([p, q]: Position[], [r, t]: Position[]) => (same(p!, r!) && same(q!, t!)) || (same(p!, t!) && same(q!, r!));
/** The ring with m inserted between p and q, wherever that segment is (in either direction). */
const insertMidpoint = (ring: Position[], p: Position, q: Position, m: Position) =>
  ring.flatMap((v, k) => (k < ring.length - 1 && sameSegment([v, ring[k + 1]!], [p, q]) ? [v, m] : [v]));
/** A ring with every occurrence of one vertex moved. */
const moveVertex = (ring: Position[], from: Position, to: Position) => ring.map((p) => (same(p, from) ? to : p));

beforeAll(async () => {
  const { url, db } = await sharedServer();
  await ensureTestUser(db, 'boundary-operator', 'operator', await rootCode());
  operator = await signIn(url, 'boundary-operator');
  const [pair] = await db.query<{ community: string; a: string; b: string }>(
    `SELECT x.parent_code AS community, x.code AS a, y.code AS b FROM grids x JOIN grids y
       ON y.parent_code = x.parent_code AND y.code > x.code AND ST_Length(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom))) > 0
     WHERE x.level = 'grid' AND ST_NumGeometries(x.geom) = 1 AND ST_NumGeometries(y.geom) = 1
       AND ST_NumInteriorRings(ST_GeometryN(x.geom, 1)) = 0 AND ST_NumInteriorRings(ST_GeometryN(y.geom, 1)) = 0
     ORDER BY x.code, y.code LIMIT 1`,
  );
  community = pair!.community;
  const shape = async (code: string) =>
    (
      await db.query<{ g: MultiPolygon; n: number }>(
        'SELECT ST_AsGeoJSON(geom)::json AS g, (SELECT count(*)::int FROM households WHERE grid_code = $1) AS n FROM grids WHERE code = $1',
        [code],
      )
    )[0]!;
  const sa = await shape(pair!.a);
  const sb = await shape(pair!.b);
  a = { code: pair!.a, geom: sa.g, households: sa.n };
  b = { code: pair!.b, geom: sb.g };
  // A segment both rings hold: its midpoint, added to both, is a vertex only these two cells share.
  const ra = outer(a.geom);
  const rb = outer(b.geom);
  const i = ra.findIndex(
    (p, k) => k < ra.length - 1 && rb.some((q, j) => j < rb.length - 1 && sameSegment([p, ra[k + 1]!], [q, rb[j + 1]!])),
  );
  expect(i, 'a segment on the shared edge').toBeGreaterThanOrEqual(0);
  shared = [(ra[i]![0]! + ra[i + 1]![0]!) / 2, (ra[i]![1]! + ra[i + 1]![1]!) / 2];
  a.geom = withRing(insertMidpoint(ra, ra[i]!, ra[i + 1]!, shared));
  b.geom = withRing(insertMidpoint(rb, ra[i]!, ra[i + 1]!, shared));
});

describe('boundary validation: golden files', () => {
  it('accepts a cell unchanged, and a clockwise ring normalised rather than refused (RFC 7946)', async () => {
    const unchanged = await golden('unchanged', [{ code: a.code, geometry: a.geom }]);
    expect(unchanged.body).toMatchObject({ valid: true, complete: true });
    const clockwise = withRing([...outer(a.geom)].reverse());
    const res = await golden('clockwise-ring', [{ code: a.code, geometry: clockwise }]);
    expect(res.body).toMatchObject({ valid: true, complete: true });
  });

  it('drops duplicate consecutive vertices', async () => {
    const ring = outer(a.geom).flatMap((p, i) => (i > 0 && i < 4 ? [p, p] : [p]));
    const res = await golden('duplicate-vertices', [{ code: a.code, geometry: withRing(ring) }]);
    expect(res.body).toMatchObject({ valid: true, cells: [{ duplicatesDropped: 3 }] });
  });

  it('moves a shared vertex in both neighbours without a gap or an overlap', async () => {
    const to: Position = [shared[0]! + 0.0001, shared[1]! + 0.00005];
    const both = await golden('shared-vertex-both', [
      { code: a.code, geometry: withRing(moveVertex(outer(a.geom), shared, to)) },
      { code: b.code, geometry: withRing(moveVertex(outer(b.geom), shared, to)) },
    ]);
    expect(both.body).toMatchObject({ valid: true, complete: true });
    // Moved in one only: the edge opens on one side and overlaps on the other, each reported with its neighbour.
    const one = await golden('shared-vertex-one-side', [{ code: a.code, geometry: withRing(moveVertex(outer(a.geom), shared, to)) }]);
    const away: Position = [2 * shared[0]! - to[0]!, 2 * shared[1]! - to[1]!];
    const other = await golden('shared-vertex-other-side', [{ code: a.code, geometry: withRing(moveVertex(outer(a.geom), shared, away)) }]);
    // One way the edge opens a gap, the other way it runs into the neighbour.
    const reports = [one.body, other.body] as { overlaps: { sibling: string }[]; gaps: unknown[] }[];
    expect(reports.map((r) => r.gaps.length + r.overlaps.length)).toEqual([1, 1]);
    expect(reports.flatMap((r) => r.overlaps.map((o) => o.sibling))).toEqual([b.code]);
  });

  it('reports a cell that covers its sibling entirely as an overlap the size of the sibling', async () => {
    const { db } = await sharedServer();
    const [u] = await db.query<{ g: MultiPolygon }>(
      'SELECT ST_AsGeoJSON(ST_Multi(ST_Union(geom)))::json AS g FROM grids WHERE code IN ($1, $2)',
      [a.code, b.code],
    );
    const res = await golden('covers-sibling', [{ code: a.code, geometry: u!.g }]);
    expect(res.body).toMatchObject({ valid: false, overlaps: [{ code: a.code, sibling: b.code }] });
  });

  it('reports the part outside the parent when a cell is moved out', async () => {
    const moved = withRing(outer(a.geom).map(([x, y]) => [x! + 0.05, y!]));
    const res = await golden('outside-parent', [{ code: a.code, geometry: moved }]);
    expect((res.body.outside as unknown[]).length).toBe(1);
    expect(res.body.valid).toBe(false);
  });

  it('reports the gap and the households left in no grid when a cell is deleted without giving its area away', async () => {
    const res = await golden('delete-leaves-households', [{ code: a.code, action: 'delete' }]);
    expect(res.body).toMatchObject({ valid: true, complete: false, householdsInGaps: a.households });
    expect(a.households).toBeGreaterThan(0);
  });

  it('accepts a split of one cell into two that tile it exactly', async () => {
    const { db } = await sharedServer();
    const parts = await db.query<{ g: MultiPolygon }>(
      `WITH c AS (SELECT geom, ST_Centroid(geom) AS o FROM grids WHERE code = $1)
       SELECT ST_AsGeoJSON(ST_Multi(d.geom))::json AS g
       FROM c, ST_Dump(ST_Split(c.geom, ST_MakeLine(ST_Translate(c.o, 0, -0.05), ST_Translate(c.o, 0, 0.05)))) d
       ORDER BY ST_XMin(d.geom)`,
      [a.code],
    );
    expect(parts).toHaveLength(2);
    const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM grids WHERE parent_code = $1 AND level = 'grid'", [
      community,
    ])) as [{ n: number }];
    const newCode = `${community}${String(900 + n).slice(-3)}`;
    const res = await golden('split-in-two', [
      { code: a.code, geometry: parts[0]!.g },
      { code: newCode, action: 'create', name: '新网格', geometry: parts[1]!.g },
    ]);
    expect(res.body).toMatchObject({ valid: true, complete: true });
  });
});

describe('boundary validation: refused shapes (422, nothing stored)', () => {
  const inA = (dx: number, dy: number): Position => {
    const [x, y] = outer(a.geom)[0]!;
    return [x! + dx, y! + dy];
  };

  it.each([
    ['bowtie', () => withRing([inA(0, 0), inA(0.001, 0.001), inA(0.001, 0), inA(0, 0.001), inA(0, 0)])],
    ['unclosed-ring', () => withRing(outer(a.geom).slice(0, -1))],
    ['three-points', () => withRing([inA(0, 0), inA(0.001, 0), inA(0, 0)])],
    ['null-coordinate', () => withRing([inA(0, 0), [null, 1] as unknown as Position, inA(0.001, 0.001), inA(0, 0)])],
    ['latitude-out-of-range', () => withRing([inA(0, 0), [inA(0, 0)[0]!, 95], inA(0.001, 0.001), inA(0, 0)])],
    ['geometry-collection', () => ({ type: 'GeometryCollection', geometries: [a.geom] }) as unknown as MultiPolygon],
    [
      'hole-outside-shell',
      (): MultiPolygon => ({
        type: 'MultiPolygon',
        coordinates: [[outer(a.geom), [inA(1, 1), inA(1.001, 1), inA(1.001, 1.001), inA(1, 1)]]],
      }),
    ],
    [
      'zero-area-spike',
      () => {
        const ring = outer(a.geom);
        const far: Position = [ring[1]![0]! + 0.002, ring[1]![1]!];
        return withRing([...ring.slice(0, 2), far, ...ring.slice(1)]);
      },
    ],
  ])('refuses a %s', async (name, make) => {
    const { db } = await sharedServer();
    const before = await db.query('SELECT code, version, md5(ST_AsBinary(geom)) AS g FROM grids WHERE parent_code = $1 ORDER BY code', [
      community,
    ]);
    const res = await golden(name, [{ code: a.code, geometry: make() }]);
    expect(res.status).toBe(422);
    expect(
      await db.query('SELECT code, version, md5(ST_AsBinary(geom)) AS g FROM grids WHERE parent_code = $1 ORDER BY code', [community]),
    ).toEqual(before);
  });

  it('refuses a 1,000,000-vertex polygon by its size, with the limit, and keeps answering', async () => {
    const { url } = await sharedServer();
    const ring: Position[] = Array.from({ length: 1_000_000 }, (_, i) => {
      const t = (2 * Math.PI * i) / 1_000_000;
      return [116.9 + 0.01 * Math.cos(t), 34.7 + 0.01 * Math.sin(t)];
    });
    ring.push(ring[0]!);
    const res = await operator.request('POST', '/api/boundaries/validate', {
      parentCode: community,
      cells: [{ code: a.code, geometry: withRing(ring) }],
    });
    expect(res.status).toBe(413);
    expect((res.body as { error: { message: string } }).error.message).toContain('4 MB');
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('refuses more vertices than a cell may have even when the body is small enough', async () => {
    const ring: Position[] = Array.from({ length: 20_001 }, (_, i) => {
      const t = (2 * Math.PI * i) / 20_001;
      return [116.9 + 0.01 * Math.cos(t), 34.7 + 0.01 * Math.sin(t)];
    });
    ring.push(ring[0]!);
    const res = await operator.request('POST', '/api/boundaries/validate', {
      parentCode: community,
      cells: [{ code: a.code, geometry: withRing(ring) }],
    });
    expect(res.status).toBe(422);
    expect((res.body as { error: { message: string } }).error.message).toContain('20000');
  });

  it('keeps operators to their area and other roles out', async () => {
    const { url, db } = await sharedServer();
    const [other] = await db.query<{ code: string }>(
      "SELECT code FROM grids WHERE level = 'community' AND code <> $1 ORDER BY code LIMIT 1",
      [community],
    );
    await ensureTestUser(db, 'boundary-local', 'operator', other!.code);
    const local = await signIn(url, 'boundary-local');
    const res = await local.request('POST', '/api/boundaries/validate', {
      parentCode: community,
      cells: [{ code: a.code, geometry: a.geom }],
    });
    expect(res.status).toBe(404);
    await ensureTestUser(db, 'boundary-commander', 'commander', await rootCode());
    const commander = await signIn(url, 'boundary-commander');
    expect(
      (await commander.request('POST', '/api/boundaries/validate', { parentCode: community, cells: [{ code: a.code, geometry: a.geom }] }))
        .status,
    ).toBe(403);
  });
});

describe('split and merge for the editor', () => {
  it('cuts a cell along a line that crosses it into parts that make it up again, largest first', async () => {
    const xs = outer(a.geom).map((p) => p[0]!);
    const ys = outer(a.geom).map((p) => p[1]!);
    const x = (Math.min(...xs) + Math.max(...xs)) / 2;
    const line = [
      [x, Math.min(...ys) - 0.01],
      [x, Math.max(...ys) + 0.01],
    ];
    const res = await operator.request('POST', '/api/boundaries/split', { geometry: a.geom, line });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { parts } = res.body as { parts: { geometry: MultiPolygon; areaM2: number }[] };
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts[0]!.areaM2).toBeGreaterThanOrEqual(parts[1]!.areaM2);
    const merged = await operator.request('POST', '/api/boundaries/merge', { geometries: parts.map((p) => p.geometry) });
    expect(merged.status).toBe(200);
    const { db } = await sharedServer();
    const [same] = await db.query<{ d: number }>(
      'SELECT ST_Area(ST_SymDifference(ST_GeomFromGeoJSON($1), ST_GeomFromGeoJSON($2))::geography) AS d',
      [JSON.stringify((merged.body as { geometry: MultiPolygon }).geometry), JSON.stringify(a.geom)],
    );
    expect(same!.d).toBeLessThan(1);
  });

  it('refuses a line that does not cross the cell and cells that do not touch', async () => {
    const [x, y] = outer(a.geom)[0]!;
    const miss = await operator.request('POST', '/api/boundaries/split', {
      geometry: a.geom,
      line: [
        [x! + 1, y! + 1],
        [x! + 1.001, y! + 1.001],
      ],
    });
    expect(miss.status).toBe(422);
    expect((miss.body as { error: { code: string } }).error.code).toBe('split_failed');
    const far = withRing(outer(a.geom).map(([px, py]) => [px! + 1, py!]));
    const apart = await operator.request('POST', '/api/boundaries/merge', { geometries: [a.geom, far] });
    expect(apart.status).toBe(422);
    expect((apart.body as { error: { message: string } }).error.message).toContain('不相邻');
    const touching = await operator.request('POST', '/api/boundaries/merge', { geometries: [a.geom, b.geom] });
    expect(touching.status).toBe(200);
  });
});
