import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { MultiPolygon } from 'geojson';
import type { Session } from '../server/cli/api-session.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { addFixtureArea } from './boundary-area.ts';
import { meanOf } from './boundary-fixture.ts';
import { benchServer, reportSpots } from './bench-server.ts';

interface Timed {
  start: number;
  end: number;
}

/** Drafts and publishes one change set of the given cells; returns the publish request's time span. */
async function publishChange(
  operator: Session,
  title: string,
  cells: { code: string; action?: string; name?: string; geometry?: unknown }[],
) {
  const cs = (await operator.request('POST', '/api/boundaries/change-sets', { title })).body as { id: number };
  for (const { code, ...body } of cells) {
    const res = await operator.request('PUT', `/api/boundaries/change-sets/${cs.id}/cells/${code}`, body);
    if (res.status !== 200) throw new Error(`draft answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  const { ifMatch } = (await operator.request('GET', `/api/boundaries/change-sets/${cs.id}`)).body as { ifMatch: string };
  const start = performance.now();
  const res = await operator.request('POST', `/api/boundaries/change-sets/${cs.id}/publish`, { reason: 'bench' }, { 'If-Match': ifMatch });
  const end = performance.now();
  if (res.status !== 200) throw new Error(`publish answered ${res.status}: ${JSON.stringify(res.body)}`);
  const totals = (res.body as { impact: { totals: { households: number; incidents: number } } }).impact.totals;
  return { start, end, households: totals.households, incidents: totals.incidents };
}

/**
 * `npm run bench -- boundary-publish [--households 5000] [--incidents 50] [--rounds 3]`: publishing
 * change sets that move 5,000 households (with their residents) and 50 open incidents — a cell
 * split in two, then merged back, `rounds` times — on the PostGIS server, while incident intake
 * runs four at a time throughout; intake p99 during the publishes against intake p99 without.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const households = Number(args.get('households') ?? 5000);
  const incidents = Number(args.get('incidents') ?? 50);
  const rounds = Number(args.get('rounds') ?? 3);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const { server, commander } = await benchServer('postgres', 'gridline_bench_publish');
  try {
    const area = await addFixtureArea(server);
    const db = server.db;
    // Households (two residents each) and open incidents in the east half of the centre cell: what the split moves.
    const [lon0, lat0] = meanOf(area.fixture.centre.coordinates[0]![0]!.slice(0, -1));
    const inEast = `ST_SetSRID(ST_MakePoint($2::float8 + 0.0002 + random() * 0.0025, $3::float8 + (random() - 0.5) * 0.004), 4326)`;
    await db.query(
      `INSERT INTO households (id, building_id, grid_code, address, unit, floor, size, geom)
       SELECT (SELECT max(id) FROM households) + g, (SELECT min(id) FROM buildings), $1, '基准地址 ' || g, 1, 1, 2, p
       FROM generate_series(1, $4::int) g, LATERAL (SELECT ${inEast} AS p) x WHERE ST_Intersects((SELECT geom FROM grids WHERE code = $1), p)`,
      [area.centre, lon0, lat0, households],
    );
    await db.query(
      `INSERT INTO residents (id, household_id, gender, birth_date)
       SELECT (SELECT max(id) FROM residents) + row_number() OVER (), h.id, 'F', date '1980-01-01'
       FROM households h, generate_series(1, 2) WHERE h.grid_code = $1`,
      [area.centre],
    );
    await db.query(
      `INSERT INTO incidents (category, colour, channel, status, description, geom, grid_code, located_by, responsible_code)
       SELECT 'environment', 'blue', 'patrol', 'dispatched', '基准事件 ' || g, p, $1, 'contains', $1
       FROM generate_series(1, $4::int) g, LATERAL (SELECT ${inEast} AS p) x`,
      [area.centre, lon0, lat0, incidents],
    );
    const [placed] = await db.query<{ h: number; i: number }>(
      `SELECT (SELECT count(*)::int FROM households WHERE grid_code = $1) AS h, (SELECT count(*)::int FROM incidents WHERE grid_code = $1) AS i`,
      [area.centre],
    );
    const [parts] = await db.query<{ west: MultiPolygon; east: MultiPolygon; whole: MultiPolygon }>(
      `WITH c AS (SELECT geom FROM grids WHERE code = $1),
       d AS (SELECT (ST_Dump(ST_Split(c.geom, ST_SetSRID(ST_MakeLine(ST_MakePoint($2, $3 - 0.01), ST_MakePoint($2, $3 + 0.01)), 4326)))).geom AS g FROM c)
       SELECT (SELECT ST_AsGeoJSON(ST_Multi(g), 9)::json FROM d ORDER BY ST_XMin(g) LIMIT 1) AS west,
              (SELECT ST_AsGeoJSON(ST_Multi(g), 9)::json FROM d ORDER BY ST_XMin(g) DESC LIMIT 1) AS east,
              (SELECT ST_AsGeoJSON(geom, 9)::json FROM c) AS whole`,
      [area.centre, lon0, lat0],
    );
    const newCode = `${area.parent}099`;

    // Intake four at a time for the whole run, each request's span kept.
    const spots = await reportSpots(server);
    const intake: Timed[] = [];
    let running = true;
    const load = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; running; i++) {
        const s = spots[(i * 4 + w) % spots.length]!;
        const start = performance.now();
        const res = await commander.request(
          'POST',
          '/api/incidents',
          { location: { lon: s.lon, lat: s.lat }, category: 'environment', channel: 'patrol', description: 'bench intake' },
          { 'Idempotency-Key': `pub-${randomUUID()}` },
        );
        if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
        intake.push({ start, end: performance.now() });
      }
    });
    await new Promise((r) => setTimeout(r, 8000));
    const publishes: (Timed & { households: number; incidents: number })[] = [];
    for (let r = 0; r < rounds; r++) {
      publishes.push(
        await publishChange(area.operator, `拆分 ${r}`, [
          { code: area.centre, geometry: parts!.west },
          { code: newCode, action: 'create', name: '基准拆分', geometry: parts!.east },
        ]),
      );
      await new Promise((res) => setTimeout(res, 1500));
      publishes.push(
        await publishChange(area.operator, `合并 ${r}`, [
          { code: area.centre, geometry: parts!.whole },
          { code: newCode, action: 'delete' },
        ]),
      );
      await new Promise((res) => setTimeout(res, 1500));
    }
    running = false;
    await Promise.all(load);

    const during = intake.filter((t) => publishes.some((p) => t.start < p.end && t.end > p.start)).map((t) => t.end - t.start);
    const without = intake.filter((t) => t.end < publishes[0]!.start).map((t) => t.end - t.start);
    during.sort((a, b) => a - b);
    without.sort((a, b) => a - b);
    const spans = publishes.map((p) => p.end - p.start).sort((a, b) => a - b);
    console.log(
      `boundary-publish postgres: ${placed!.h} households (${placed!.h * 2} residents) and ${placed!.i} open incidents moved per publish, ` +
        `${publishes.length} publishes (moved ${publishes.map((p) => `${p.households}/${p.incidents}`).join(', ')}): ` +
        `publish p50 ${percentile(spans, 50).toFixed(0)} ms, max ${spans[spans.length - 1]!.toFixed(0)} ms (the cells and their parent stay locked for the transaction, at most this long)`,
    );
    console.log(
      `boundary-publish intake 4 at a time: without publish p50 ${percentile(without, 50).toFixed(1)} ms, p99 ${percentile(without, 99).toFixed(1)} ms (${without.length} requests); ` +
        `during publish p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${percentile(during, 99).toFixed(1)} ms (${during.length} requests); ratio p99 ${(percentile(during, 99) / percentile(without, 99)).toFixed(2)}`,
    );
  } finally {
    await server.close();
  }
}
