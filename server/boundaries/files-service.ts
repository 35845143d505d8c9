import type { z } from 'zod';
import type { MultiPolygon } from 'geojson';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as csSql from './change-sets-sql.ts';
import { editorArea, getChangeSet } from './change-sets-service.ts';
import { looksGeographic, toWgs84 } from './files/crs.ts';
import { readGeoJson } from './files/read-geojson.ts';
import { readKml } from './files/read-kml.ts';
import { readShapefileZip } from './files/read-shapefile.ts';
import { type SourceFile } from './files/source-feature.ts';
import { writeShapefileZip } from './files/write-shapefile.ts';
import { refuseNulInFile } from '../http/input-guards.ts';
import * as sql from './files-sql.ts';
import { PARENT_VISIBLE } from './history-sql.ts';
import { readCellGeometry } from './geometry-input.ts';
import { type ChangeSet } from './boundaries-contract.ts';
import {
  type BoundaryFormat,
  type FeatureProblem,
  type ImportPreview,
  MAX_IMPORT_FEATURES,
  type draftBody,
  type exportQuery,
} from './files/files-contract.ts';

/** The format by content: a ZIP (a zipped Shapefile), XML (KML) or JSON (GeoJSON). */
export function formatOf(bytes: Uint8Array): BoundaryFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'shapefile';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return 'kml';
  if (head.startsWith('{')) return 'geojson';
  throw new AppError(422, 'boundary_file_unreadable', { reason: 'not GeoJSON, a zipped Shapefile or KML' });
}

async function readBoundaryFile(format: BoundaryFormat, bytes: Uint8Array): Promise<SourceFile> {
  const file = format === 'shapefile' ? await readShapefileZip(bytes) : format === 'kml' ? readKml(bytes) : readGeoJson(bytes);
  if (file.features.length > MAX_IMPORT_FEATURES)
    throw new AppError(422, 'boundary_file_unreadable', { reason: `${file.features.length} features; at most ${MAX_IMPORT_FEATURES}` });
  refuseNulInFile(nulInFeatures(file));
  return file;
}

/** Forgets uploads that became no draft within a day (a boundary file is up to 32 MB). */
export async function pruneStaleUploads(db: Queryable): Promise<void> {
  await db.query(sql.PURGE_STALE_UPLOADS);
}

/** Where a file's attributes hold a NUL character (features counted from 1), or null. */
function nulInFeatures(file: SourceFile): { zh: string; en: string } | null {
  for (const [i, f] of file.features.entries())
    for (const [key, value] of Object.entries(f.properties))
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')))
        return {
          zh: `第 ${i + 1} 个要素的属性 ${key.replaceAll('\u0000', '')} `,
          en: `Attribute ${key.replaceAll('\u0000', '')} of feature ${i + 1}`,
        };
  return null;
}

const labelOf = (p: Record<string, unknown>, i: number) => String(p.name ?? p.NAME ?? p.Name ?? p.community ?? p.NTAName ?? `#${i + 1}`);

/** Structural and PostGIS validity of every feature, all at once (the draft takes none of the invalid ones). */
async function problemsOf(db: Queryable, file: SourceFile): Promise<{ problems: FeatureProblem[]; shapes: (string | null)[] }> {
  const problems: FeatureProblem[] = [];
  const shapes: (string | null)[] = [];
  file.features.forEach((f, i) => {
    const read = readCellGeometry(f.geometry);
    if (!read.ok) {
      problems.push({ index: i, label: labelOf(f.properties, i), reason: read.problem.zh, reasonEn: read.problem.en });
      shapes.push(null);
    } else shapes.push(JSON.stringify({ type: 'MultiPolygon', coordinates: read.coordinates }));
  });
  const records = shapes.flatMap((g, i) => (g ? [{ i, geometry: g }] : []));
  for (const v of await db.query<{ i: number; reason: string }>(sql.VALIDITY_OF_MANY, [JSON.stringify(records)])) {
    problems.push({
      index: v.i,
      label: labelOf(file.features[v.i]!.properties, v.i),
      reason: `PostGIS：${v.reason}`,
      reasonEn: `PostGIS: ${v.reason}`,
    });
    shapes[v.i] = null;
  }
  problems.sort((a, b) => a.index - b.index);
  return { problems, shapes };
}

async function preview(db: Queryable, id: number, fileName: string, format: BoundaryFormat, file: SourceFile): Promise<ImportPreview> {
  const geographic = looksGeographic(file.features);
  return {
    id,
    fileName,
    format,
    featureCount: file.features.length,
    fields: file.fields,
    sample: file.features.slice(0, 5).map((f) => f.properties),
    crs: file.crs,
    geographic,
    warnings: file.warnings,
    problems: geographic ? (await problemsOf(db, file)).problems : [],
  };
}

/** Reads an uploaded boundary file (refusing what cannot be read before storing anything) and keeps it for the draft step. */
export async function uploadBoundaryFile(db: Db, viewer: Viewer, fileName: string, bytes: Uint8Array): Promise<ImportPreview> {
  return db.transaction(async (tx) => {
    if (bytes.length === 0) throw new AppError(422, 'boundary_file_unreadable', { reason: 'empty file' });
    const format = formatOf(bytes);
    const file = await readBoundaryFile(format, bytes);
    await tx.query(sql.PURGE_STALE_UPLOADS);
    const [row] = await tx.query<{ id: number }>(sql.INSERT_UPLOAD, [viewer.userId, viewer.areaCode, fileName, format, bytes]);
    await auditSuccess(tx, viewer, null, 'boundary.upload', ['boundary_import', String(row!.id)], {
      fileName,
      format,
      features: file.features.length,
    });
    return preview(tx, row!.id, fileName, format, file);
  });
}

async function loadUpload(db: Queryable, viewer: Viewer, id: number) {
  const [row] = await db.query<{ id: number; fileName: string; format: BoundaryFormat; bytes: Uint8Array }>(sql.LOAD_UPLOAD, [
    id,
    viewer.userId,
  ]);
  if (!row) throw new AppError(404, 'boundary_import_not_found', { id });
  return row;
}

export async function previewUpload(db: Queryable, viewer: Viewer, id: number): Promise<ImportPreview> {
  const row = await loadUpload(db, viewer, id);
  return preview(db, row.id, row.fileName, row.format, await readBoundaryFile(row.format, new Uint8Array(row.bytes)));
}

/**
 * Turns an upload into a draft of the parent's children: each feature becomes the cell its code
 * (or, failing that, its name) names, or a new cell; with `replace`, cells the file leaves out are
 * deleted. Nothing is published: the draft's report shows the checks and the impact as for any edit.
 */
export async function draftFromUpload(db: Db, viewer: Viewer, id: number, body: z.infer<typeof draftBody>): Promise<ChangeSet> {
  return db.transaction(async (tx) => {
    const row = await loadUpload(tx, viewer, id);
    const area = await editorArea(tx, viewer, body.parentCode);
    const [leaf] = await tx.query<{ key: string }>(csSql.LEAF_LEVEL);
    if (area.parent.childLevel !== leaf!.key)
      throw new AppError(422, 'not_editable_level', { code: area.parent.code, level: area.parent.level });
    const source = await readBoundaryFile(row.format, new Uint8Array(row.bytes));
    for (const field of [body.codeField, body.nameField])
      if (field && !source.fields.includes(field)) throw new AppError(422, 'import_field_missing', { field });
    const file = { ...source, features: toWgs84(source.features, body.crs) };
    if (!looksGeographic(file.features)) throw new AppError(422, 'projected_crs');
    const excluded = new Set(body.exclude);
    const { problems, shapes } = await problemsOf(tx, file);
    const blocking = problems.filter((p) => !excluded.has(p.index));
    if (blocking.length > 0) {
      const err = new AppError(422, 'import_has_problems', { n: blocking.length });
      err.extra = { problems: blocking };
      throw err;
    }
    const parent = area.parent.code;
    const byName = new Map(area.cells.map((c) => [c.name.trim(), c.code]));
    const existing = new Map(area.cells.map((c) => [c.code, c]));
    const taken = new Set(area.cells.map((c) => c.code));
    const chosen: { code: string; name: string; geometry: string }[] = [];
    const nextFree = () => {
      for (let n = 1; n <= 999; n++) {
        const code = `${parent}${String(n).padStart(3, '0')}`;
        if (!taken.has(code)) return code;
      }
      throw new AppError(422, 'import_duplicate_code', { code: `${parent}…` });
    };
    file.features.forEach((f, i) => {
      if (excluded.has(i)) return;
      const name =
        String(f.properties[body.nameField] ?? '')
          .trim()
          .slice(0, 100) || `导入网格 ${i + 1}`;
      const raw = body.codeField ? String(f.properties[body.codeField] ?? '').trim() : '';
      let code: string | null = null;
      if (/^[0-9]+$/.test(raw) && raw.length === parent.length + 3 && raw.startsWith(parent)) code = raw;
      else if (/^[0-9]{1,3}$/.test(raw)) code = `${parent}${raw.padStart(3, '0')}`;
      code ??= byName.get(name) ?? null;
      if (code && chosen.some((c) => c.code === code)) throw new AppError(422, 'import_duplicate_code', { code });
      if (!code) code = nextFree();
      taken.add(code);
      chosen.push({ code, name, geometry: shapes[i]! });
    });
    if (body.snapToParentM > 0 && chosen.length > 0) {
      // Metres to degrees of latitude (the smaller of the two): the snap never reaches farther than asked.
      const records = chosen.map((c, i) => ({ i, geometry: c.geometry }));
      for (const s of await tx.query<{ i: number; geometry: string }>(sql.SNAP_TO_PARENT, [
        JSON.stringify(records),
        parent,
        body.snapToParentM / 111_320,
      ]))
        chosen[s.i]!.geometry = s.geometry;
    }
    const [cs] = await tx.query<{ id: number }>(csSql.INSERT_CHANGE_SET, [
      viewer.areaCode,
      `导入 ${row.fileName}`.slice(0, 200),
      viewer.userId,
    ]);
    for (const c of chosen) {
      const current = existing.get(c.code);
      await tx.query(csSql.UPSERT_DRAFT_CELL, [
        cs!.id,
        c.code,
        current ? 'update' : 'create',
        c.name,
        leaf!.key,
        parent,
        current?.version ?? null,
        c.geometry,
      ]);
    }
    if (body.replace)
      for (const cell of area.cells)
        if (!chosen.some((c) => c.code === cell.code))
          await tx.query(csSql.UPSERT_DRAFT_CELL, [cs!.id, cell.code, 'delete', cell.name, leaf!.key, parent, cell.version, null]);
    await tx.query(sql.MARK_DRAFTED, [row.id, cs!.id]);
    await auditSuccess(tx, viewer, null, 'boundary.import', ['change_set', String(cs!.id)], {
      upload: row.id,
      fileName: row.fileName,
      crs: body.crs,
      cells: chosen.length,
      excluded: excluded.size,
    });
    return getChangeSet(tx, viewer, cs!.id);
  });
}

/** Cells of a level in the viewer's area as a GeoJSON FeatureCollection or a zipped Shapefile. */
export async function exportCells(
  db: Queryable,
  viewer: Viewer,
  q: z.infer<typeof exportQuery>,
): Promise<{ fileName: string; type: string; body: Uint8Array | string }> {
  if (q.parent && (await db.query(PARENT_VISIBLE, [q.parent, viewer.areaPath])).length === 0)
    throw new AppError(404, 'grid_not_found', { code: q.parent });
  const rows = await db.query<{
    code: string;
    name: string;
    level: string;
    parentCode: string;
    version: number;
    areaKm2: number;
    geometry: MultiPolygon;
  }>(sql.EXPORT_CELLS, [q.level, viewer.areaPath, q.parent ?? null, q.format === 'shapefile']);
  const base = `gridline-${q.parent ?? viewer.areaCode}-${q.level}`;
  await recordAudit(db, {
    action: 'boundary.export',
    outcome: 'success',
    viewer,
    detail: { level: q.level, format: q.format, cells: rows.length },
  });
  if (q.format === 'shapefile')
    return {
      fileName: `${base}.zip`,
      type: 'application/zip',
      body: writeShapefileZip(
        base,
        rows.map((r) => ({
          geometry: r.geometry,
          attributes: { CODE: r.code, NAME: r.name, LEVEL: r.level, PARENT: r.parentCode, VERSION: r.version, AREA_KM2: r.areaKm2 },
        })),
      ),
    };
  return {
    fileName: `${base}.geojson`,
    type: 'application/geo+json',
    body: JSON.stringify({
      type: 'FeatureCollection',
      features: rows.map(({ geometry, ...properties }) => ({ type: 'Feature', id: properties.code, properties, geometry })),
    }),
  };
}
