import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { AppError } from '../../http/app-error.ts';
import { crsFromPrj } from './crs.ts';
import { MAX_IMPORT_FEATURES, type CrsHint } from './files-contract.ts';
import { projectionByCode } from './projections.ts';
import { fieldsOf, type SourceFeature, type SourceFile } from './source-feature.ts';
import { readGpkgGeometry } from './wkb.ts';

/** SQLite compiled to WebAssembly (sql.js): no native build, and the file never touches the disk. */
let engine: Promise<SqlJsStatic> | null = null;
const sqlite = (): Promise<SqlJsStatic> => (engine ??= initSqlJs());

const unreadable = (reason: string) => new AppError(422, 'boundary_file_unreadable', { reason: `GeoPackage: ${reason}` });

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const statement = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (statement.step()) out.push(statement.getAsObject());
  } finally {
    statement.free();
  }
  return out;
}

/**
 * A GeoPackage (OGC 12-128, a SQLite file): its feature layers from gpkg_contents, the chosen one
 * (else the first) read with its geometry column and spatial reference. Only plain tables are
 * read: a layer that is a view or a virtual table could run any query the file's author wrote
 * (an endless recursive view would hold the server), so it is refused by name.
 */
export async function readGeoPackage(bytes: Uint8Array, layer?: string): Promise<SourceFile> {
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (err) {
    throw unreadable((err as Error).message.slice(0, 120));
  }
  try {
    let layers: string[];
    try {
      layers = rows(db, "SELECT table_name AS name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name").map((r) =>
        String(r.name),
      );
    } catch {
      throw unreadable('no gpkg_contents table (not a GeoPackage)');
    }
    if (layers.length === 0) throw new AppError(422, 'geopackage_no_layers');
    const chosen = layer ?? layers[0]!;
    if (!layers.includes(chosen)) throw new AppError(422, 'geopackage_layer_unknown', { layer: chosen, layers: layers.join(', ') });
    const [table] = rows(db, "SELECT type, sql FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')", [chosen]);
    if (!table || table.type !== 'table' || /^\s*CREATE\s+VIRTUAL/i.test(String(table.sql)))
      throw unreadable(`layer ${chosen} is not a plain table`);
    const [column] = rows(db, 'SELECT column_name AS name, srs_id AS srs FROM gpkg_geometry_columns WHERE table_name = ?', [chosen]);
    if (!column) throw new AppError(422, 'geopackage_no_geometry', { layer: chosen });
    const [{ n }] = rows(db, `SELECT count(*) AS n FROM ${quoted(chosen)}`) as [{ n: number }];
    if (n > MAX_IMPORT_FEATURES) throw unreadable(`${n} features in ${chosen}; at most ${MAX_IMPORT_FEATURES}`);
    const geometryColumn = String(column.name);
    const features: SourceFeature[] = rows(db, `SELECT * FROM ${quoted(chosen)} LIMIT ${MAX_IMPORT_FEATURES + 1}`).map((r) => {
      const properties: SourceFeature['properties'] = {};
      for (const [k, v] of Object.entries(r))
        if (k !== geometryColumn && (v === null || typeof v === 'string' || typeof v === 'number')) properties[k] = v;
      const blob = r[geometryColumn];
      return { properties, geometry: blob instanceof Uint8Array ? readGpkgGeometry(blob) : null };
    });
    const { definition, ...crs } = crsOf(db, Number(column.srs));
    return {
      features,
      fields: fieldsOf(features),
      crs,
      ...(definition ? { definition } : {}),
      warnings:
        layers.length > 1
          ? [
              {
                zh: `GeoPackage 有 ${layers.length} 个要素图层，当前读取 ${chosen}，可改选其他图层`,
                en: `the GeoPackage has ${layers.length} feature layers; ${chosen} is read, another can be chosen`,
              },
            ]
          : [],
      layers,
      layer: chosen,
    };
  } finally {
    db.close();
  }
}

/** The layer's spatial reference: by its EPSG code where it has one, else by its WKT definition. */
function crsOf(db: Database, srsId: number): CrsHint & { definition?: string } {
  const [srs] = rows(
    db,
    'SELECT organization AS org, organization_coordsys_id AS code, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  );
  if (!srs || srsId <= 0)
    return { crs: null, reason: `GeoPackage: srs_id ${srsId} (undefined)`, reasonZh: `GeoPackage：srs_id ${srsId}（未定义坐标系）` };
  if (String(srs.org).toUpperCase() === 'EPSG') {
    const code = Number(srs.code);
    if (code === 4326) return { crs: 'wgs84', reason: 'GeoPackage: EPSG:4326' };
    if (code === 4490) return { crs: 'cgcs2000', reason: 'GeoPackage: EPSG:4490' };
    const projection = projectionByCode(`EPSG:${code}`);
    if (projection)
      return {
        crs: projection.code,
        reason: `GeoPackage: ${projection.code}`,
        projection: { code: projection.code, name: projection.name },
      };
  }
  return crsFromPrj(typeof srs.definition === 'string' ? srs.definition : null);
}
