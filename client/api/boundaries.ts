import type { Geometry, MultiPolygon } from 'geojson';
import type { z } from 'zod';
import {
  type CellDiff,
  type CellVersion,
  type ChangeSet,
  type ChangeSetReport,
  type ChangeSetSummary,
  type DraftCell,
  type EditorArea,
  type EditorParent,
  type publishBody,
  type PublishResult,
  type TimelineEntry,
} from '../../server/boundaries/boundaries-contract.ts';
import { getJson, sendJson } from './http.ts';
import { BOUNDARY_UPLOAD_TYPES, type ImportPreview, type draftBody } from '../../server/boundaries/files/files-contract.ts';

export type {
  CellDiff,
  CellImpact,
  CellVersion,
  ChangeSet,
  ChangeSetReport,
  ChangeSetSummary,
  DraftCell,
  EditorArea,
  EditorParent,
  Impact,
  PublishResult,
  StaleCell,
  TimelineEntry,
  ValidationReport,
} from '../../server/boundaries/boundaries-contract.ts';
export type { ImportPreview, SourceCrs } from '../../server/boundaries/files/files-contract.ts';

const base = '/api/boundaries';

export const fetchDrafts = (): Promise<ChangeSetSummary[]> => getJson(`${base}/change-sets?status=draft`);
export const createDraft = (title: string): Promise<ChangeSet> => sendJson('POST', `${base}/change-sets`, { title });
export const fetchDraft = (id: number): Promise<ChangeSet> => getJson(`${base}/change-sets/${id}`);
export const discardDraft = (id: number): Promise<void> => sendJson('POST', `${base}/change-sets/${id}/discard`);
export const fetchReport = (id: number): Promise<ChangeSetReport> => getJson(`${base}/change-sets/${id}/report`);

/** Puts one cell's drafted shape (or its creation or deletion) into the draft. */
export const putDraftCell = (
  id: number,
  code: string,
  body: { action: DraftCell['action']; name?: string; geometry?: Geometry },
): Promise<DraftCell> => sendJson('PUT', `${base}/change-sets/${id}/cells/${code}`, body);

/** Takes a cell's edit out of the draft. */
export const removeDraftCell = (id: number, code: string): Promise<void> => sendJson('DELETE', `${base}/change-sets/${id}/cells/${code}`);

/** Publishes with the versions the draft was drawn on (If-Match). */
export const publishDraft = (id: number, ifMatch: string, body: z.input<typeof publishBody>): Promise<PublishResult> =>
  sendJson('POST', `${base}/change-sets/${id}/publish`, body, { 'If-Match': ifMatch });

export const splitShape = (
  geometry: MultiPolygon,
  line: [number, number][],
): Promise<{ parts: { geometry: MultiPolygon; areaM2: number }[] }> => sendJson('POST', `${base}/split`, { geometry, line });
export const mergeShapes = (geometries: MultiPolygon[]): Promise<{ geometry: MultiPolygon }> =>
  sendJson('POST', `${base}/merge`, { geometries });

/** One shape minus (or within) another, exactly, by PostGIS. */
export const overlayShapes = (
  op: 'difference' | 'intersection',
  a: MultiPolygon,
  b: MultiPolygon,
): Promise<{ geometry: MultiPolygon | null }> => sendJson('POST', `${base}/overlay`, { op, a, b });
export const fetchCellVersions = (code: string): Promise<CellVersion[]> => getJson(`${base}/cells/${code}/versions`);
export const fetchTimeline = (parentCode: string): Promise<TimelineEntry[]> => getJson(`${base}/areas/${parentCode}/timeline`);
export const fetchDiff = (parentCode: string, id: number): Promise<CellDiff[]> => getJson(`${base}/areas/${parentCode}/change-sets/${id}`);
export const rollbackTo = (code: string, version: number): Promise<ChangeSet> =>
  sendJson('POST', `${base}/cells/${code}/versions/${version}/rollback`);

/** Parents whose children the operator may redraw. */
export const fetchEditorParents = (): Promise<EditorParent[]> => getJson(`${base}/areas`);
/** A parent and its children at full precision. */
export const fetchEditorArea = (code: string): Promise<EditorArea> => getJson(`${base}/areas/${code}`);

/** The type a boundary file is sent as, by its extension (browsers often give GeoJSON and KML none). */
function boundaryFileType(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'zip' || ext === 'kml' || ext === 'kmz' || ext === 'gpkg' ? BOUNDARY_UPLOAD_TYPES[ext] : BOUNDARY_UPLOAD_TYPES.geojson;
}

/** Uploads a GeoJSON, zipped Shapefile, KML, KMZ or GeoPackage file and returns its preview. */
export const uploadBoundaryFile = (file: File): Promise<ImportPreview> =>
  sendJson('POST', `${base}/imports?name=${encodeURIComponent(file.name)}`, new Blob([file], { type: boundaryFileType(file.name) }));

/** An upload's preview again, reading another layer of a GeoPackage. */
export const previewUpload = (id: number, layer: string): Promise<ImportPreview> =>
  getJson(`${base}/imports/${id}?layer=${encodeURIComponent(layer)}`);

/** The coordinate systems an upload may be read in (the catalogue). */
export const fetchProjections = (): Promise<{ code: string; name: string }[]> => getJson(`${base}/projections`);

/** Turns an upload into a draft of a parent's cells; the cells the file leaves unchanged are listed, not drafted. */
export const draftFromUpload = (id: number, body: z.input<typeof draftBody>): Promise<ChangeSet & { unchanged: string[] }> =>
  sendJson('POST', `${base}/imports/${id}/draft`, body);

/** Where a level's cells (under a parent, or all of the viewer's area) download from. */
export const exportUrl = (level: string, parent: string | null, format: 'geojson' | 'shapefile') =>
  `${base}/export?level=${encodeURIComponent(level)}${parent ? `&parent=${encodeURIComponent(parent)}` : ''}&format=${format}`;

/** Asks for a split of an overloaded cell along its streets; the answer is a draft. */
export const suggestSplit = (code: string, parts?: number): Promise<ChangeSet> =>
  sendJson('POST', `${base}/cells/${code}/suggest-split`, parts ? { parts } : {});
