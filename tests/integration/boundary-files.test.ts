import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import gcoordModule from 'gcoord';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';
import { countRows, draftAs, operatorWithCommunity, uploadAs } from './boundary-upload-kit.ts';

type Gcoord = (typeof import('gcoord'))['default'];
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

/** The real partitions of ../shared/testdata (never copied into the repo); their tests skip without them. */
const PARTITIONS = path.join(PROJECT_ROOT, '../shared/testdata/partitions');
const withPartitions = existsSync(PARTITIONS) ? it : it.skip;

let operator: Session;
let community: string;
let cells: FeatureCollection<MultiPolygon, { code: string; name: string }>;

const upload = (name: string, type: string, body: Uint8Array | string) => uploadAs(operator, name, type, body);
const draftAndReport = (id: number, body: Record<string, unknown>) => draftAs(operator, id, { parentCode: community, ...body });
const uploads = () => countRows('boundary_imports');

beforeAll(async () => {
  ({ session: operator, community, cells } = await operatorWithCommunity<typeof cells>('files-operator'));
});

describe('export and import round trips', () => {
  it('exports a community’s grids as GeoJSON and imports them back as a draft that changes nothing', async () => {
    expect(cells.features.length).toBeGreaterThan(2);
    expect(cells.features[0]!.properties).toMatchObject({
      code: expect.stringMatching(new RegExp(`^${community}`)),
      name: expect.any(String),
    });
    const up = await upload('grids.geojson', 'application/geo+json', JSON.stringify(cells));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'geojson', featureCount: cells.features.length, problems: [], crs: { crs: 'wgs84' } });
    expect(up.body.fields).toEqual(expect.arrayContaining(['code', 'name']));
    const { cs, report } = await draftAndReport(up.body.id, { crs: 'wgs84', codeField: 'code', nameField: 'name' });
    // Nothing changed, so nothing is drafted: every cell is listed as unchanged, and there is nothing to publish.
    expect(cs.cells).toEqual([]);
    expect(cs.unchanged.sort()).toEqual(cells.features.map((f) => f.properties.code).sort());
    expect(report.impact.totals.households).toBe(0);
    const drafted = (await operator.request('GET', `/api/boundaries/change-sets/${cs.id}`)).body as { ifMatch: string };
    const publish = await operator.request(
      'POST',
      `/api/boundaries/change-sets/${cs.id}/publish`,
      { reason: '重新导入' },
      { 'If-Match': drafted.ifMatch },
    );
    expect(publish.status).toBe(422);
    expect((publish.body as { error: { code: string } }).error.code).toBe('change_set_empty');
    // One name changed in the file: that cell alone is drafted.
    const renamed = structuredClone(cells);
    renamed.features[0]!.properties.name = `${renamed.features[0]!.properties.name}（新）`;
    const again = await upload('renamed.geojson', 'application/geo+json', JSON.stringify(renamed));
    const one = await draftAndReport(again.body.id, { crs: 'wgs84', codeField: 'code', nameField: 'name' });
    expect(one.cs.cells.map((c) => [c.code, c.action])).toEqual([[renamed.features[0]!.properties.code, 'update']]);
    expect(one.cs.unchanged).toHaveLength(cells.features.length - 1);
    expect(one.report).toMatchObject({ valid: true, complete: true });
  });

  it('exports a zipped Shapefile (shp, shx, dbf, prj, cpg) whose Chinese names and shapes import back unchanged', async () => {
    const { url } = await sharedServer();
    const res = await fetch(`${url}/api/boundaries/export?level=grid&parent=${community}&format=shapefile`, {
      headers: { Cookie: operator.cookie },
    });
    expect(res.headers.get('content-type')).toContain('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.zip"/);
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(
      Object.keys(unzipSync(zip))
        .map((n) => path.extname(n))
        .sort(),
    ).toEqual(['.cpg', '.dbf', '.prj', '.shp', '.shx']);
    const up = await upload('grids.zip', 'application/zip', zip);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'shapefile', featureCount: cells.features.length, problems: [], crs: { crs: 'wgs84' } });
    expect(up.body.fields).toEqual(['CODE', 'NAME', 'LEVEL', 'PARENT', 'VERSION', 'AREA_KM2']);
    expect(up.body.encoding).toMatchObject({ declared: 'UTF-8', used: 'utf-8' });
    expect(up.body.damage).toEqual([]);
    // The names and shapes came back exactly: nothing to draft.
    const { cs } = await draftAndReport(up.body.id, { crs: 'wgs84', codeField: 'CODE', nameField: 'NAME' });
    expect(cs.cells).toEqual([]);
    expect(cs.unchanged).toHaveLength(cells.features.length);
  });

  it('converts GCJ-02 (and BD-09) coordinates back to WGS-84 with the maintained library', async () => {
    for (const [crs, from] of [
      ['gcj02', gcoord.GCJ02],
      ['bd09', gcoord.BD09],
    ] as const) {
      const shifted = structuredClone(cells);
      for (const f of shifted.features) gcoord.transform(f as never, gcoord.WGS84, from);
      const up = await upload(`${crs}.geojson`, 'application/geo+json', JSON.stringify(shifted));
      expect(up.status).toBe(201);
      // Read as WGS-84 the shapes are hundreds of metres off, outside the community.
      const wrong = await draftAndReport(up.body.id, { crs: 'wgs84', codeField: 'code', nameField: 'name' });
      expect(wrong.report.valid).toBe(false);
      const again = await upload(`${crs}.geojson`, 'application/geo+json', JSON.stringify(shifted));
      const right = await draftAndReport(again.body.id, { crs, codeField: 'code', nameField: 'name' });
      expect(
        right.report.valid,
        `${crs} ${JSON.stringify(right.report.parents.map((p) => [p.outside, p.overlaps, p.gaps].map((x) => (x as { areaM2: number }[]).map((y) => y.areaM2))))}`,
      ).toBe(true);
      expect(right.report.impact.totals.households, crs).toBe(0);
    }
  });

  it('reads KML placemarks and their extended data, and never follows an external reference', async () => {
    let hits = 0;
    const trap: Server = createServer((_req, res) => {
      hits++;
      res.end('<kml/>');
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const href = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/more.kml`;
    const ring = (r: number[][]) => `<LinearRing><coordinates>${r.map((p) => `${p[0]},${p[1]},0`).join(' ')}</coordinates></LinearRing>`;
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <NetworkLink><name>更多</name><Link><href>${href}</href></Link></NetworkLink>
  ${cells.features
    .map(
      (f) => `<Placemark><name>${f.properties.name}</name>
    <ExtendedData><Data name="code"><value>${f.properties.code}</value></Data></ExtendedData>
    <MultiGeometry>${f.geometry.coordinates
      .map(
        (poly) =>
          `<Polygon><outerBoundaryIs>${ring(poly[0]!)}</outerBoundaryIs>${poly
            .slice(1)
            .map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`)
            .join('')}</Polygon>`,
      )
      .join('')}</MultiGeometry></Placemark>`,
    )
    .join('\n')}
</Document></kml>`;
    try {
      const up = await upload('grids.kml', 'application/vnd.google-earth.kml+xml', kml);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(up.body).toMatchObject({ format: 'kml', featureCount: cells.features.length, problems: [] });
      expect(up.body.warnings.map((w) => w.en).join(' ')).toContain('not followed');
      const { report } = await draftAndReport(up.body.id, { crs: 'wgs84', codeField: 'code', nameField: 'name' });
      expect(report).toMatchObject({ valid: true, complete: true });
      expect(hits).toBe(0);
    } finally {
      trap.close();
    }
  });
});

describe('bad boundary files are refused and nothing is stored', () => {
  it('refuses a zip bomb by what it expands to, and stays responsive', async () => {
    const before = await uploads();
    const bomb = zipSync({ 'bomb.shp': new Uint8Array(200 * 1024 * 1024), 'bomb.dbf': new Uint8Array(10) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload('bomb.zip', 'application/zip', bomb);
    expect(res.status).toBe(413);
    expect(res.body.error!.message).toContain('64 MB');
    expect(await uploads()).toBe(before);
    expect((await operator.request('GET', '/api/boundaries/change-sets')).status).toBe(200);
  });

  it('refuses a Shapefile without its .dbf, naming what is missing', async () => {
    const { url } = await sharedServer();
    const res = await fetch(`${url}/api/boundaries/export?level=grid&parent=${community}&format=shapefile`, {
      headers: { Cookie: operator.cookie },
    });
    const parts = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const withoutDbf = zipSync(Object.fromEntries(Object.entries(parts).filter(([n]) => !n.endsWith('.dbf'))));
    const before = await uploads();
    const refused = await upload('no-dbf.zip', 'application/zip', withoutDbf);
    expect(refused.status).toBe(422);
    expect(refused.body.error!.message).toContain('.dbf');
    expect(await uploads()).toBe(before);
  });

  it('refuses what is not JSON, XML or a ZIP, and JSON that is not GeoJSON', async () => {
    const before = await uploads();
    for (const [type, body] of [
      ['application/octet-stream', 'hello'],
      ['application/geo+json', '{"type": "Feature", '],
      ['application/geo+json', '{"type": "Topology"}'],
      ['application/vnd.google-earth.kml+xml', '<kml><Placemark></kml>'],
    ] as const) {
      const res = await upload('bad', type, strToU8(body));
      expect(res.status, body).toBe(422);
      expect(res.body.error!.code).toBe('boundary_file_unreadable');
    }
    expect(await uploads()).toBe(before);
  });

  it('lists invalid features in the preview and makes no draft until they are excluded', async () => {
    const bad = structuredClone(cells);
    const [x, y] = bad.features[0]!.geometry.coordinates[0]![0]![0]!;
    bad.features[0]!.geometry = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [x!, y!],
            [x! + 0.001, y! + 0.001],
            [x! + 0.001, y!],
            [x!, y! + 0.001],
            [x!, y!],
          ],
        ],
      ],
    };
    const up = await upload('bowtie.geojson', 'application/geo+json', JSON.stringify(bad));
    expect(up.body.problems).toEqual([expect.objectContaining({ index: 0, reason: expect.stringContaining('Self-intersection') })]);
    const { db } = await sharedServer();
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_sets'))[0]!.n;
    const before = await count();
    const refused = await operator.request('POST', `/api/boundaries/imports/${up.body.id}/draft`, {
      parentCode: community,
      crs: 'wgs84',
      codeField: 'code',
      nameField: 'name',
    });
    expect(refused.status).toBe(422);
    expect((refused.body as { error: { code: string } }).error.code).toBe('import_has_problems');
    expect(await count()).toBe(before);
    const { cs } = await draftAndReport(up.body.id, { crs: 'wgs84', codeField: 'code', nameField: 'name', exclude: [0], replace: false });
    expect(cs.unchanged).toHaveLength(cells.features.length - 1);
    expect(cs.unchanged).not.toContain(bad.features[0]!.properties.code);
  });

  it('exports nothing of another area', async () => {
    const { url, db } = await sharedServer();
    const [other] = await db.query<{ code: string }>(
      "SELECT code FROM grids WHERE level = 'community' AND code <> $1 ORDER BY code LIMIT 1",
      [community],
    );
    await ensureTestUser(db, 'files-local', 'operator', other!.code);
    const local = await signIn(url, 'files-local');
    const res = await local.request('GET', `/api/boundaries/export?level=grid&parent=${community}`);
    expect(res.status).toBe(404);
    const own = (await local.request('GET', '/api/boundaries/export?level=grid')).body as FeatureCollection<MultiPolygon, { code: string }>;
    expect(own.features.length).toBeGreaterThan(0);
    expect(own.features.every((f) => f.properties.code.startsWith(other!.code))).toBe(true);
  });
});

describe('real, messy partitions (../shared/testdata)', () => {
  const read = (name: string) => readFileSync(path.join(PARTITIONS, name));

  withPartitions('reads each file with its features, attributes and coordinate system hint, and lists the broken shapes', async () => {
    const cases = [
      ['cn_640502_shapotou_townships.geojson', 14, 'name', 'wgs84', 0, 0],
      ['cn_330900_zhoushan_districts_datav.geojson', 4, 'adcode', 'gcj02', 1, 1],
      ['us_chicago_community_areas.geojson', 77, 'community', 'wgs84', 0, 0],
      ['us_nyc_nta2010.geojson', 195, 'NTAName', 'wgs84', 1, 20],
    ] as const;
    for (const [file, features, field, crs, minProblems, maxProblems] of cases) {
      const up = await upload(file, 'application/geo+json', read(file));
      expect(up.status, file).toBe(201);
      expect(up.body.featureCount, file).toBe(features);
      expect(up.body.fields, file).toContain(field);
      expect(up.body.crs.crs, file).toBe(crs);
      expect(up.body.problems.length, file).toBeGreaterThanOrEqual(minProblems);
      expect(up.body.problems.length, file).toBeLessThanOrEqual(maxProblems);
    }
    const zhoushan = await upload('zhoushan.geojson', 'application/geo+json', read('cn_330900_zhoushan_districts_datav.geojson'));
    expect(zhoushan.body.problems.map((p) => p.label)).toContain('定海区');
  });

  withPartitions('drafts a real partition into a community and the checks say where it does not fit', async () => {
    const up = await upload('shapotou.geojson', 'application/geo+json', read('cn_640502_shapotou_townships.geojson'));
    const { cs, report } = await draftAndReport(up.body.id, { crs: 'wgs84', nameField: 'name', replace: false });
    expect(cs.cells.filter((c) => c.action === 'create')).toHaveLength(14);
    expect(report.valid).toBe(false);
    expect(report.parents[0]!.outside).toHaveLength(14);
  });
});

afterAll(async () => {
  // Drafts stay as drafts: nothing here is published, so the shared server's cells are unchanged.
});
