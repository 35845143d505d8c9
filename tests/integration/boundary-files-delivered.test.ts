import { strToU8, zipSync } from 'fflate';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/accounts.ts';
import { gdalFiles, hasGdal } from '../support/gdal.ts';
import { countRows, draftAs, operatorWithCommunity, uploadAs } from './boundary-upload-kit.ts';

/**
 * Boundary files as survey offices deliver them, written by GDAL (the tool those offices use):
 * CGCS2000 Gauss–Krüger zones, Web Mercator, KMZ, GeoPackage, wrongly encoded Shapefiles, files
 * from elsewhere. CI installs gdal-bin; without it these skip.
 */
const run = hasGdal() || process.env.CI === 'true' ? describe : describe.skip;

let surveyor: Session;
let community: string;
let cells: FeatureCollection<MultiPolygon, { code: string; name: string }>;
let source: string;

const upload = (name: string, type: string, body: Uint8Array | string) => uploadAs(surveyor, name, type, body);
const draft = (id: number, body: Record<string, unknown>) =>
  draftAs(surveyor, id, { parentCode: community, codeField: 'code', nameField: 'name', ...body });
const zipOf = (files: Map<string, Uint8Array>) => zipSync(Object.fromEntries(files));
const codes = () => cells.features.map((f) => f.properties.code).sort();

/** The community's cells as a zipped Shapefile in EPSG:`epsg`, its attributes in `encoding`. */
const shapefile = (epsg: number, encoding: string | null = 'UTF-8', from = source) =>
  gdalFiles({ 'source.geojson': from }, [
    [
      'ogr2ogr',
      '-f',
      'ESRI Shapefile',
      '-t_srs',
      `EPSG:${epsg}`,
      ...(encoding ? ['-lco', `ENCODING=${encoding}`] : []),
      'grids.shp',
      'source.geojson',
    ],
  ]);

/** The answer to a refused request: status and error code. */
const refusal = (res: { status: number; body: unknown }) => [res.status, (res.body as { error?: { code: string } }).error?.code];

beforeAll(async () => {
  ({ session: surveyor, community, cells } = await operatorWithCommunity<typeof cells>('files-surveyor'));
  source = JSON.stringify(cells);
});

run('projected boundary files (written by GDAL)', () => {
  it('reads CGCS2000 Gauss–Krüger zones 4548 and 4549 and Web Mercator, and a re-import within 1 cm changes nothing', async () => {
    const files: [string, string, Uint8Array | string, string][] = [
      ['4548.zip', 'application/zip', zipOf(shapefile(4548)), 'EPSG:4548'],
      ['4549.zip', 'application/zip', zipOf(shapefile(4549)), 'EPSG:4549'],
      ['3857.zip', 'application/zip', zipOf(shapefile(3857)), 'EPSG:3857'],
      [
        '4549.geojson',
        'application/geo+json',
        gdalFiles({ 'source.geojson': source }, [['ogr2ogr', '-f', 'GeoJSON', '-t_srs', 'EPSG:4549', 'out.geojson', 'source.geojson']]).get(
          'out.geojson',
        )!,
        'EPSG:4549',
      ],
    ];
    for (const [name, type, body, code] of files) {
      const up = await upload(name, type, body);
      expect(up.status, name).toBe(201);
      expect(up.body.geographic, name).toBe(false);
      expect(up.body.crs, name).toMatchObject({ crs: code, projection: { code } });
      expect(up.body.problems, name).toEqual([]);
      expect(up.body.location, name).toMatchObject({ distanceKm: 0, parents: [{ code: community, features: cells.features.length }] });
      // Every vertex came back within a centimetre of where PostGIS holds it: nothing to draft.
      const { cs } = await draft(up.body.id, { crs: up.body.crs.crs });
      expect(cs.cells, name).toEqual([]);
      expect(cs.unchanged.sort(), name).toEqual(codes());
    }
  });

  it('offers the zones that fit when the .prj is missing, and refuses metres read as degrees', async () => {
    const files = shapefile(4548);
    files.delete('grids.prj');
    const up = await upload('no-prj.zip', 'application/zip', zipOf(files));
    expect(up.status).toBe(201);
    expect(up.body.crs.crs).toBeNull();
    expect(up.body.choices[0]).toMatchObject({ code: 'EPSG:4548' });
    expect(up.body.choices.map((c) => c.code)).toContain('EPSG:2384');
    const before = await countRows('change_sets');
    const wrong = await surveyor.request('POST', `/api/boundaries/imports/${up.body.id}/draft`, {
      parentCode: community,
      crs: 'wgs84',
      nameField: 'name',
    });
    expect(refusal(wrong)).toEqual([422, 'projected_crs']);
    const unknown = await surveyor.request('POST', `/api/boundaries/imports/${up.body.id}/draft`, {
      parentCode: community,
      crs: 'EPSG:9999',
      nameField: 'name',
    });
    expect(refusal(unknown)).toEqual([422, 'unknown_projection']);
    expect(await countRows('change_sets')).toBe(before);
    const { cs } = await draft(up.body.id, { crs: 'EPSG:4548' });
    expect(cs.unchanged).toHaveLength(cells.features.length);
  });

  it('names an unknown .prj and offers a choice, and flags coordinates outside the zone the .prj names', async () => {
    const made = shapefile(4548);
    made.set('grids.prj', strToU8('PROJCS["County_Local_Grid",PROJECTION["Made_Up_Projection"],UNIT["Meter",1.0]]'));
    const up = await upload('local.zip', 'application/zip', zipOf(made));
    expect(up.body.crs).toMatchObject({ crs: null, projection: { code: null, name: 'County_Local_Grid' } });
    expect(up.body.choices[0]!.code).toBe('EPSG:4548');
    // Zone 39 with its number in the easting (EPSG:4527) under a .prj that says CM 117E.
    const prefixed = shapefile(4527);
    prefixed.set('grids.prj', shapefile(4548).get('grids.prj')!);
    const off = await upload('zone.zip', 'application/zip', zipOf(prefixed));
    expect(off.body.crs.crs).toBe('EPSG:4548');
    expect(off.body.problems).toHaveLength(cells.features.length);
    expect(off.body.problems[0]!.reasonEn).toMatch(/outside .*CGCS2000 \/ 3-degree Gauss-Kruger CM 117E/);
    const before = await countRows('change_sets');
    const refused = await surveyor.request('POST', `/api/boundaries/imports/${off.body.id}/draft`, {
      parentCode: community,
      crs: 'EPSG:4548',
      nameField: 'name',
    });
    expect(refusal(refused)).toEqual([422, 'import_has_problems']);
    expect(await countRows('change_sets')).toBe(before);
  });
});

run('KMZ and GeoPackage (written by GDAL)', () => {
  it('reads a KMZ, never inflating its images, and refuses one that only links elsewhere', async () => {
    const kmz = gdalFiles({ 'source.geojson': source }, [['ogr2ogr', '-f', 'LIBKML', 'grids.kmz', 'source.geojson']]).get('grids.kmz')!;
    const up = await upload('grids.kmz', 'application/vnd.google-earth.kmz', kmz);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ format: 'kmz', featureCount: cells.features.length, problems: [] });
    const { cs } = await draft(up.body.id, { crs: 'wgs84' });
    expect(cs.unchanged.sort()).toEqual(codes());
    // The same KML beside a 200 MB image that compresses to nothing: read, the image left alone.
    const doc = gdalFiles({ 'source.geojson': source }, [['ogr2ogr', '-f', 'KML', 'doc.kml', 'source.geojson']]).get('doc.kml')!;
    const bomb = zipSync({ 'doc.kml': doc, 'files/overview.png': new Uint8Array(200 * 1024 * 1024) }, { level: 9 });
    const withImage = await upload('bomb.kmz', 'application/vnd.google-earth.kmz', bomb);
    expect(withImage.status).toBe(201);
    expect(withImage.body.featureCount).toBe(cells.features.length);
    const before = await countRows('boundary_imports');
    const linkOnly = zipSync({
      'doc.kml': strToU8(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><NetworkLink><Link><href>http://127.0.0.1:9/grids.kml</href></Link></NetworkLink></Document></kml>',
      ),
    });
    const links = await upload('links.kmz', 'application/vnd.google-earth.kmz', linkOnly);
    expect(refusal(links)).toEqual([422, 'boundary_file_empty']);
    expect(links.body.error!.message).toContain('NetworkLink');
    const neither = await upload('photos.zip', 'application/zip', zipSync({ 'a.jpg': new Uint8Array(10), 'readme.txt': strToU8('hi') }));
    expect(refusal(neither)).toEqual([422, 'archive_unrecognised']);
    expect(neither.body.error!.message).toContain('a.jpg');
    expect(await countRows('boundary_imports')).toBe(before);
  });

  it('reads a GeoPackage’s layers in its own system, one chosen at a time', async () => {
    const gpkg = gdalFiles({ 'source.geojson': source }, [
      ['ogr2ogr', '-f', 'GPKG', '-t_srs', 'EPSG:4548', '-nln', 'cells', 'grids.gpkg', 'source.geojson'],
      ['ogr2ogr', '-update', '-nln', 'zones', '-t_srs', 'EPSG:4326', 'grids.gpkg', 'source.geojson'],
    ]).get('grids.gpkg')!;
    const up = await upload('grids.gpkg', 'application/geopackage+sqlite3', gpkg);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ format: 'geopackage', layers: ['cells', 'zones'], layer: 'cells', crs: { crs: 'EPSG:4548' } });
    expect(up.body.warnings.map((w) => w.en).join(' ')).toContain('2 feature layers');
    const zones = await surveyor.request('GET', `/api/boundaries/imports/${up.body.id}?layer=zones`);
    expect(zones.body).toMatchObject({ layer: 'zones', crs: { crs: 'wgs84' }, featureCount: cells.features.length });
    const missing = await surveyor.request('GET', `/api/boundaries/imports/${up.body.id}?layer=roads`);
    expect(refusal(missing)).toEqual([422, 'geopackage_layer_unknown']);
    const { cs } = await draft(up.body.id, { crs: 'EPSG:4548', layer: 'cells' });
    expect(cs.unchanged.sort()).toEqual(codes());
  });

  it('refuses a GeoPackage without a feature layer, a layer that is a view or has no geometry, or too many features, storing nothing', async () => {
    const before = await countRows('boundary_imports');
    const table = gdalFiles({ 'people.csv': 'name,households\n第一网格,120\n' }, [['ogr2ogr', '-f', 'GPKG', 'people.gpkg', 'people.csv']]);
    expect(refusal(await upload('people.gpkg', 'application/geopackage+sqlite3', table.get('people.gpkg')!))).toEqual([
      422,
      'geopackage_no_layers',
    ]);
    // A "layer" that is an endless recursive view: refused by name, never queried.
    const view = gdalFiles({ 'source.geojson': source }, [
      ['ogr2ogr', '-f', 'GPKG', '-nln', 'cells', 'v.gpkg', 'source.geojson'],
      [
        'ogrinfo',
        'v.gpkg',
        '-sql',
        'CREATE VIEW forever AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS fid, NULL AS geom FROM r',
      ],
      ['ogrinfo', 'v.gpkg', '-sql', "INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('forever', 'features', 4326)"],
      ['ogrinfo', 'v.gpkg', '-sql', "INSERT INTO gpkg_geometry_columns VALUES ('forever', 'geom', 'GEOMETRY', 4326, 0, 0)"],
    ]).get('v.gpkg')!;
    const first = await upload('v.gpkg', 'application/geopackage+sqlite3', view);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.layers).toEqual(['cells', 'forever']);
    const forever = await surveyor.request('GET', `/api/boundaries/imports/${first.body.id}?layer=forever`);
    expect(refusal(forever)).toEqual([422, 'boundary_file_unreadable']);
    expect(await countRows('boundary_imports')).toBe(before + 1);
    // A features layer whose table has no geometry column registered.
    const bare = gdalFiles({ 'people.csv': 'name,households\n第一网格,120\n' }, [
      ['ogr2ogr', '-f', 'GPKG', 'bare.gpkg', 'people.csv'],
      ['ogrinfo', 'bare.gpkg', '-sql', "UPDATE gpkg_contents SET data_type = 'features' WHERE table_name = 'people'"],
    ]).get('bare.gpkg')!;
    expect(refusal(await upload('bare.gpkg', 'application/geopackage+sqlite3', bare))).toEqual([422, 'geopackage_no_geometry']);
    // More features than one import may hold (500, one parent's cells).
    const squares = {
      type: 'FeatureCollection',
      features: Array.from({ length: 501 }, (_, i) => ({
        type: 'Feature',
        properties: { name: `网格${i}` },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [117 + i * 0.001, 34],
              [117.0005 + i * 0.001, 34],
              [117.0005 + i * 0.001, 34.0005],
              [117 + i * 0.001, 34],
            ],
          ],
        },
      })),
    };
    const many = gdalFiles({ 'source.geojson': JSON.stringify(squares) }, [['ogr2ogr', '-f', 'GPKG', 'many.gpkg', 'source.geojson']]);
    const tooMany = await upload('many.gpkg', 'application/geopackage+sqlite3', many.get('many.gpkg')!);
    expect(refusal(tooMany)).toEqual([422, 'boundary_file_unreadable']);
    expect(tooMany.body.error!.message).toContain('500');
    expect(await countRows('boundary_imports')).toBe(before + 1);
  });
});

run('names an encoding destroyed, files from elsewhere (written by GDAL)', () => {
  it('flags names lost to an encoding without Chinese, with the encodings tried, and drafts none of them', async () => {
    // GDAL's default for a Shapefile is ISO-8859-1, which turns every Chinese name into "?".
    const up = await upload('latin1.zip', 'application/zip', zipOf(shapefile(4326, null)));
    expect(up.status).toBe(201);
    expect(up.body.damage).toEqual([expect.objectContaining({ field: 'name', kind: 'lost', count: cells.features.length })]);
    expect(up.body.encoding!.tried.map((t) => t.encoding)).toEqual(expect.arrayContaining(['utf-8', 'gb18030']));
    const before = await countRows('change_sets');
    const refused = await surveyor.request('POST', `/api/boundaries/imports/${up.body.id}/draft`, {
      parentCode: community,
      crs: 'wgs84',
      nameField: 'name',
      codeField: 'code',
    });
    expect(refusal(refused)).toEqual([422, 'import_names_damaged']);
    expect((refused.body as { error: { message: string } }).error.message).toContain('gb18030');
    expect(await countRows('change_sets')).toBe(before);
  });

  it('overrules a .cpg that lies, saying so', async () => {
    const files = shapefile(4326, 'CP936');
    const cpg = [...files.keys()].find((n) => n.endsWith('.cpg')) ?? 'grids.cpg';
    files.set(cpg, strToU8('UTF-8'));
    const up = await upload('lying-cpg.zip', 'application/zip', zipOf(files));
    expect(up.body.encoding).toMatchObject({ declared: 'UTF-8', used: 'gb18030' });
    expect(up.body.damage).toEqual([]);
    expect(up.body.warnings.map((w) => w.en).join(' ')).toContain('the .cpg says UTF-8');
    expect(up.body.sample.map((r) => r.name)).toEqual(cells.features.slice(0, 5).map((f) => f.properties.name));
  });

  it('warns at preview of a file far from the area, and of one whose features fall under several parents', async () => {
    const moved = structuredClone(cells);
    for (const f of moved.features) for (const poly of f.geometry.coordinates) for (const ring of poly) for (const p of ring) p[0]! += 10;
    const far = await upload('far.geojson', 'application/geo+json', JSON.stringify(moved));
    expect(far.body.location!.distanceKm).toBeGreaterThan(800);
    expect(far.body.location!.parents).toEqual([{ code: null, name: null, features: cells.features.length }]);
    expect(far.body.warnings.map((w) => w.en).join(' ')).toMatch(/about [\d,.]+ km from/);
    const all = (await surveyor.request('GET', '/api/boundaries/export?level=grid')).body as typeof cells;
    const spread = await upload('all.geojson', 'application/geo+json', JSON.stringify(all));
    expect(spread.body.location!.parents.length).toBeGreaterThan(1);
    expect(spread.body.warnings.map((w) => w.en).join(' ')).toContain('parents');
    // The same cells through GDAL's GeoJSON writer, as another city's file would arrive: not far.
    const near = gdalFiles({ 'source.geojson': source }, [['ogr2ogr', '-f', 'GeoJSON', 'out.geojson', 'source.geojson']]);
    const here = await upload('here.geojson', 'application/geo+json', near.get('out.geojson')!);
    expect(here.body.warnings).toEqual([]);
  });
});
