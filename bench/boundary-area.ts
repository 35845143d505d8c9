import type { MultiPolygon } from 'geojson';
import { hashPassword } from '../server/auth/passwords.ts';
import { signIn, type Session } from '../server/cli/api-session.ts';
import type { RunningServer } from '../server/main.ts';
import { boundaryFixture, type BoundaryFixture } from './boundary-fixture.ts';

/** The bench operator's password. */
const PASSWORD = 'bench password 2026';

/**
 * Puts the boundary fixture into a running server as a community of its own (a parent and 13
 * grids, the 1,000-vertex centre among 12 neighbours) beside the demo district, and signs in an
 * operator over the whole district. Returns the codes and shapes.
 */
export async function addFixtureArea(
  server: RunningServer,
  vertices = 1000,
): Promise<{ fixture: BoundaryFixture; parent: string; centre: string; neighbours: string[]; operator: Session }> {
  const db = server.db;
  const [root] = await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  const [town] = await db.query<{ code: string; lon: number; lat: number }>(
    "SELECT code, ST_XMax(geom) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM grids WHERE level = 'township' ORDER BY code LIMIT 1",
  );
  // East of the district: the fixture overlaps no real cell, so only its own children are compared.
  const fixture = boundaryFixture([town!.lon + 0.05, town!.lat], vertices);
  const parent = `${town!.code.slice(0, 9)}999`;
  const insert = `INSERT INTO grids (code, name, level, parent_code, geom) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))`;
  await db.query(insert, [parent, '基准社区', 'community', town!.code, JSON.stringify(fixture.parent)]);
  const shapes: [string, MultiPolygon][] = [
    [`${parent}001`, fixture.centre],
    ...fixture.neighbours.map((g, i): [string, MultiPolygon] => [`${parent}${String(i + 2).padStart(3, '0')}`, g]),
  ];
  for (const [code, g] of shapes) await db.query(insert, [code, `基准网格 ${code.slice(-3)}`, 'grid', parent, JSON.stringify(g)]);
  await db.query(
    `INSERT INTO grid_versions (code, version, name, level, parent_code, geom, reason)
     SELECT code, version, name, level, parent_code, geom, 'bench' FROM grids WHERE code LIKE $1 || '%'`,
    [parent],
  );
  await db.query(
    `INSERT INTO users (username, display_name, password_hash, role, area_code) VALUES ('bench-operator', 'bench', $1, 'operator', $2)`,
    [await hashPassword(PASSWORD), root!.code],
  );
  return {
    fixture,
    parent,
    centre: shapes[0]![0],
    neighbours: shapes.slice(1).map(([c]) => c),
    operator: await signIn(server.url, 'bench-operator', PASSWORD),
  };
}
