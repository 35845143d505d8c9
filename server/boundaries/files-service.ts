// Over 300 lines: the import's three steps (upload, preview with its checks and location, draft with
// unchanged cells left out) and the export share the feature checks here; the readers and the
// coordinate systems are in files/. Splitting the preview out is the next seam if it grows.
import type { z } from 'zod';
import type { MultiPolygon } from 'geojson';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as csSql from './change-sets-sql.ts';
import { editorArea, getChangeSet } from './change-sets-service.ts';
import { looksGeographic, toWgs84, type Converted } from './files/crs.ts';
import { damagedNames } from './files/name-damage.ts';
import { projectionChoices } from './files/projection-choices.ts';
import { isProjected, lacksDatumShift, projectionByCode } from './files/projections.ts';
import { readUpload } from './files/read-upload.ts';
import { type SourceFile } from './files/source-feature.ts';
import { writeShapefileZip } from './files/write-shapefile.ts';
import * as sql from './files-sql.ts';
import { PARENT_VISIBLE } from './history-sql.ts';
import { readCellGeometry } from './geometry-input.ts';
import { type ChangeSet } from './boundaries-contract.ts';
import type {
  BoundaryFormat,
  CrsHint,
  FeatureProblem,
  FileLocation,
  FileNote,
  ImportPreview,
  draftBody,
  exportQuery,
} from './files/files-contract.ts';

/** Forgets uploads that became no draft within a day (a boundary file is up to 32 MB). */
export async function pruneStaleUploads(db: Queryable): Promise<void> {
  await db.query(sql.PURGE_STALE_UPLOADS);
}

const labelOf = (p: Record<string, unknown>, i: number) => String(p.name ?? p.NAME ?? p.Name ?? p.community ?? p.NTAName ?? `#${i + 1}`);

/**
 * Structural and PostGIS validity of every feature, all at once, with the features the chosen
 * system could not convert (the draft takes none of them).
 */
async function problemsOf(
  db: Queryable,
  file: SourceFile,
  converted: Converted,
): Promise<{ problems: FeatureProblem[]; shapes: (string | null)[] }> {
  const problems: FeatureProblem[] = [];
  const shapes: (string | null)[] = [];
  converted.features.forEach((f, i) => {
    const label = labelOf(file.features[i]!.properties, i);
    const projection = converted.problems.get(i);
    if (projection) {
      problems.push({ index: i, label, reason: projection.zh, reasonEn: projection.en });
      shapes.push(null);
      return;
    }
    const read = readCellGeometry(f.geometry);
    if (!read.ok) {
      problems.push({ index: i, label, reason: read.problem.zh, reasonEn: read.problem.en });
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

/**
 * The system a file is read in: as stated, unless its coordinates are metres where a geographic
 * system was assumed (a GeoJSON without a crs member, exported projected): then not known.
 */
function effectiveCrs(file: SourceFile): CrsHint {
  const geographic = looksGeographic(file.features);
  const stated = file.crs.crs;
  const projected = stated === 'file' || (!!stated && !!projectionByCode(stated) && isProjected(projectionByCode(stated)!));
  if (!geographic && stated && !projected)
    return {
      crs: null,
      reason: `coordinates are metres, not degrees (${file.crs.reason}): the projection is not stated`,
      reasonZh: `坐标是米而不是度（${file.crs.reasonZh ?? file.crs.reason}）：文件未说明投影`,
    };
  return file.crs;
}

/** Where the file's usable shapes lie: their distance to the viewer's area, and the parents they fall under. */
async function locationOf(db: Queryable, viewer: Viewer, shapes: (string | null)[]): Promise<FileLocation | null> {
  const records = shapes.flatMap((g, i) => (g ? [{ i, geometry: g }] : []));
  if (records.length === 0) return null;
  const json = JSON.stringify(records);
  const [area] = await db.query<{ name: string }>(sql.AREA_CENTRE, [viewer.areaCode]);
  const [d] = await db.query<{ distanceKm: number }>(sql.DISTANCE_TO_AREA, [json, viewer.areaCode]);
  const [leaf] = await db.query<{ key: string }>(csSql.LEAF_LEVEL);
  const parents = await db.query<FileLocation['parents'][number]>(sql.PARENTS_OF_SHAPES, [json, viewer.areaPath, leaf!.key]);
  return { distanceKm: Math.round(Number(d?.distanceKm ?? 0) * 10) / 10, areaName: area?.name ?? viewer.areaCode, parents };
}

/** Notes on where a file lies, said at preview before anything is drafted. */
function locationNotes(location: FileLocation | null): FileNote[] {
  if (!location) return [];
  const notes: FileNote[] = [];
  if (location.distanceKm > FAR_KM)
    notes.push({
      zh: `文件中的边界距 ${location.areaName} 约 ${location.distanceKm.toLocaleString('zh-CN')} 公里：可能是其他地方的文件，或坐标系选错了`,
      en: `the file's boundaries lie about ${location.distanceKm.toLocaleString('en')} km from ${location.areaName}: a file of another place, or the wrong coordinate system`,
    });
  const named = location.parents.filter((p) => p.code);
  if (named.length > 1)
    notes.push({
      zh: `要素分属 ${named.length} 个上级：${named.map((p) => `${p.name}（${p.features}）`).join('、')}；一次导入只能替换一个上级的网格`,
      en: `the features fall under ${named.length} parents: ${named.map((p) => `${p.name} (${p.features})`).join(', ')}; one import replaces one parent's cells`,
    });
  return notes;
}

/** Beyond this many kilometres outside the viewer's area a file is said to be far away. */
const FAR_KM = 5;

async function preview(
  db: Queryable,
  viewer: Viewer,
  id: number,
  fileName: string,
  format: BoundaryFormat,
  file: SourceFile,
): Promise<ImportPreview> {
  const crs = effectiveCrs(file);
  const base = {
    id,
    fileName,
    format,
    featureCount: file.features.length,
    fields: file.fields,
    sample: file.features.slice(0, 5).map((f) => f.properties),
    crs,
    geographic: looksGeographic(file.features),
    layers: file.layers ?? [],
    layer: file.layer ?? null,
    encoding: file.encoding ?? null,
    damage: damagedNames(file.features),
  };
  const datumNote = datumNoteOf(crs);
  if (!crs.crs) {
    const [centre] = await db.query<{ lon: number; lat: number }>(sql.AREA_CENTRE, [viewer.areaCode]);
    const choices = base.geographic || !centre ? [] : projectionChoices(file.features, [centre.lon, centre.lat]);
    return { ...base, warnings: file.warnings, problems: [], location: null, choices };
  }
  const converted = toWgs84(file.features, crs.crs, file.definition);
  const { problems, shapes } = await problemsOf(db, file, converted);
  const location = await locationOf(db, viewer, shapes);
  return {
    ...base,
    warnings: [...file.warnings, ...datumNote, ...locationNotes(location)],
    problems,
    location,
    choices: [],
  };
}

/** Beijing 1954 and Xian 1980 are read without a datum shift: said, with what it means. */
function datumNoteOf(crs: CrsHint): FileNote[] {
  const p = crs.crs ? projectionByCode(crs.crs) : undefined;
  if (!p || !lacksDatumShift(p)) return [];
  return [
    {
      zh: `${p.name} 按其椭球直接换算，未做到 WGS-84 的基准转换（全国没有统一参数），边界可能偏移数十米；导入后请检查与上级边界的吻合`,
      en: `${p.name} is read on its own ellipsoid without a datum shift to WGS-84 (there is no nationwide one): shapes may be tens of metres off; check the fit with the parent after drafting`,
    },
  ];
}

/** Reads an uploaded boundary file (refusing what cannot be read before storing anything) and keeps it for the draft step. */
export async function uploadBoundaryFile(db: Db, viewer: Viewer, fileName: string, bytes: Uint8Array): Promise<ImportPreview> {
  return db.transaction(async (tx) => {
    const { format, file } = await readUpload(bytes);
    await tx.query(sql.PURGE_STALE_UPLOADS);
    const [row] = await tx.query<{ id: number }>(sql.INSERT_UPLOAD, [viewer.userId, viewer.areaCode, fileName, format, bytes]);
    await auditSuccess(tx, viewer, null, 'boundary.upload', ['boundary_import', String(row!.id)], {
      fileName,
      format,
      features: file.features.length,
    });
    return preview(tx, viewer, row!.id, fileName, format, file);
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

/** The preview of an upload again, of another of a GeoPackage's layers when one is named. */
export async function previewUpload(db: Queryable, viewer: Viewer, id: number, layer?: string): Promise<ImportPreview> {
  const row = await loadUpload(db, viewer, id);
  const { file } = await readUpload(new Uint8Array(row.bytes), layer);
  return preview(db, viewer, row.id, row.fileName, row.format, file);
}

/** Degrees within which a re-imported shape is the stored one: about a centimetre. */
const SAME_SHAPE_DEG = 1e-7;

/**
 * Turns an upload into a draft of the parent's children: each feature becomes the cell its code
 * (or, failing that, its name) names, or a new cell; with `replace`, cells the file leaves out are
 * deleted; cells the file leaves unchanged are left out (listed as `unchanged`). Nothing is published: the draft's report shows the checks and the impact as for any edit.
 */
export async function draftFromUpload(
  db: Db,
  viewer: Viewer,
  id: number,
  body: z.infer<typeof draftBody>,
): Promise<ChangeSet & { unchanged: string[] }> {
  return db.transaction(async (tx) => {
    const row = await loadUpload(tx, viewer, id);
    const area = await editorArea(tx, viewer, body.parentCode);
    const [leaf] = await tx.query<{ key: string }>(csSql.LEAF_LEVEL);
    if (area.parent.childLevel !== leaf!.key)
      throw new AppError(422, 'not_editable_level', { code: area.parent.code, level: area.parent.level });
    const { file } = await readUpload(new Uint8Array(row.bytes), body.layer);
    for (const field of [body.codeField, body.nameField])
      if (field && !file.fields.includes(field)) throw new AppError(422, 'import_field_missing', { field });
    if (body.crs === 'file' && !file.definition) throw new AppError(422, 'unknown_projection', { crs: 'file (.prj)' });
    const projection = projectionByCode(body.crs);
    if (body.crs.startsWith('EPSG:') && !projection) throw new AppError(422, 'unknown_projection', { crs: body.crs });
    const geographicCrs = !projection ? body.crs !== 'file' : !isProjected(projection);
    if (geographicCrs && !looksGeographic(file.features)) throw new AppError(422, 'projected_crs');
    const damaged = damagedNames(file.features).find((d) => d.field === body.nameField);
    if (damaged)
      throw new AppError(422, 'import_names_damaged', {
        field: damaged.field,
        n: damaged.count,
        example: damaged.examples[0] ?? '',
        tried: (file.encoding?.tried.map((t) => t.encoding) ?? ['utf-8']).join(', '),
      });
    const excluded = new Set(body.exclude);
    const { problems, shapes } = await problemsOf(tx, file, toWgs84(file.features, body.crs, file.definition));
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
    // Cells the file leaves as they are (same name, same shape within a centimetre, as the file has
    // them: a stored vertex near the parent's edge would move if snapped) are no change; drafting
    // them would bump their versions on publish and make others' drafts of them stale.
    const candidates = chosen.flatMap((c, i) => (existing.get(c.code)?.name === c.name ? [{ i, code: c.code, geometry: c.geometry }] : []));
    const same = new Set(
      candidates.length === 0
        ? []
        : (await tx.query<{ i: number }>(sql.UNCHANGED_SHAPES, [JSON.stringify(candidates), SAME_SHAPE_DEG])).map((r) => r.i),
    );
    const unchanged = chosen.filter((_, i) => same.has(i)).map((c) => c.code);
    if (body.snapToParentM > 0 && chosen.length > same.size) {
      // Metres to degrees of latitude (the smaller of the two): the snap never reaches farther than asked.
      const records = chosen.flatMap((c, i) => (same.has(i) ? [] : [{ i, geometry: c.geometry }]));
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
    for (const [i, c] of chosen.entries()) {
      if (same.has(i)) continue;
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
      cells: chosen.length - unchanged.length,
      unchanged: unchanged.length,
      excluded: excluded.size,
    });
    return { ...(await getChangeSet(tx, viewer, cs!.id)), unchanged };
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
