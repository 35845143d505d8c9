import express from 'express';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { BOUNDARY_FILE_TYPES } from '../http/auth-middleware.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { refuseDeepJson } from '../http/input-guards.ts';
import { parseWith } from '../http/parse-body.ts';
import { gridCodeParam, idParam } from '../http/route-params.ts';
import {
  createChangeSet,
  discardChangeSet,
  editorArea,
  editorParents,
  getChangeSet,
  listChangeSets,
  putDraftCell,
  removeDraftCell,
  reportChangeSet,
} from './change-sets-service.ts';
import { draftFromUpload, exportCells, previewUpload, uploadBoundaryFile } from './files-service.ts';
import { mergeCells, overlayShapes, splitCell } from './geometry-ops.ts';
import { areaTimeline, cellVersions, changeSetDiff, rollbackDraft } from './history-service.ts';
import { publishChangeSet } from './publish-service.ts';
import { suggestSplit } from './suggest-service.ts';
import { validateChange } from './validate-service.ts';
import {
  validateBody,
  publishBody,
  splitBody,
  mergeBody,
  changeSetListQuery,
  suggestBody,
  overlayBody,
  createBody,
  cellBody,
} from './boundaries-contract.ts';
import { MAX_BOUNDARY_UPLOAD, draftBody, exportQuery, previewQuery } from './files/files-contract.ts';
import { PROJECTIONS } from './files/projections.ts';

/**
 * Bodies of boundary routes may carry detailed shapes (a real grid has up to ~15,000 vertices);
 * beyond this a shape is refused by size before anything parses it.
 */
const BOUNDARY_JSON_LIMIT = '4mb';

/** The parser for /api/boundaries, mounted before the app's general one (which then skips the body). */
export const boundaryJson = express.json({ limit: BOUNDARY_JSON_LIMIT, verify: refuseDeepJson });

const gridCode = (raw: unknown): string => gridCodeParam(raw);
/** An upload's id; anything else is an upload that does not exist. */
const uploadId = (raw: unknown): number => idParam(raw, { missing: (id) => new AppError(404, 'boundary_import_not_found', { id }) });
const changeSetId = (raw: unknown): number => idParam(raw, { missing: (id) => new AppError(404, 'change_set_not_found', { id }) });
/** A version number (0 and up); anything else is a version that does not exist. */
function versionNumber(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[0-9]{1,6}$/.test(raw))
    throw new AppError(404, 'version_not_found', { code: '', version: String(raw) });
  return Number(raw);
}

/** A file name as given (?name=), reduced to a safe display name. */
function uploadName(raw: unknown): string {
  const name =
    typeof raw === 'string'
      ? raw
          .replace(/[\p{Cc}/\\"]/gu, '')
          .trim()
          .slice(0, 200)
      : '';
  return name || 'boundaries';
}

/**
 * /api/boundaries: checking, drafting, publishing and rolling back cell shapes, for operators
 * inside their area; history for whoever reviews boundaries.
 */
export function boundariesRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/boundaries');
  const byId = { params: { id: 'foreignChangeSetId' as const } };
  const byIdAndCode = { params: { id: 'foreignChangeSetId' as const, code: 'foreignGridCode' as const } };
  const byCode = { params: { code: 'foreignGridCode' as const } };
  r.post(
    '/validate',
    'boundaries:edit',
    async (req, res) => {
      res.json(await validateChange(db, req.viewer!, parseWith(validateBody, req.body)));
    },
    { body: { parentCode: 'foreignGridCode', cells: [{ code: '370000000000001', action: 'delete' }] } },
  );
  r.get('/areas', 'boundaries:edit', async (req, res) => {
    res.json(await editorParents(db, req.viewer!));
  });
  r.get(
    '/areas/:code',
    'boundaries:edit',
    async (req, res) => {
      res.json(await editorArea(db, req.viewer!, gridCode(req.params.code)));
    },
    byCode,
  );
  const readFile = express.raw({ type: BOUNDARY_FILE_TYPES, limit: MAX_BOUNDARY_UPLOAD });
  r.post('/imports', 'boundaries:edit', async (req, res) => {
    await new Promise<void>((resolve, reject) => readFile(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    res.status(201).json(await uploadBoundaryFile(db, req.viewer!, uploadName(req.query.name), bytes));
  });
  const byUpload = { params: { id: 'foreignBoundaryImportId' as const } };
  r.get(
    '/imports/:id',
    'boundaries:edit',
    async (req, res) => {
      const id = uploadId(req.params.id);
      res.json(await previewUpload(db, req.viewer!, id, parseWith(previewQuery, req.query).layer));
    },
    { ...byUpload, query: { layer: 'a' } },
  );
  // The coordinate systems an upload may be read in, for the operator's choice.
  r.get('/projections', 'boundaries:edit', async (_req, res) => {
    res.json(PROJECTIONS.map(({ code, name }) => ({ code, name })));
  });
  r.post(
    '/imports/:id/draft',
    'boundaries:edit',
    async (req, res) => {
      const id = uploadId(req.params.id);
      res.status(201).json(await draftFromUpload(db, req.viewer!, id, parseWith(draftBody, req.body)));
    },
    { ...byUpload, body: { parentCode: 'foreignGridCode', crs: 'wgs84', nameField: 'name' } },
  );
  r.get(
    '/export',
    'boundaries:history',
    async (req, res) => {
      const file = await exportCells(db, req.viewer!, parseWith(exportQuery, req.query));
      res
        .type(file.type)
        .set('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    },
    { query: { level: 'grid', parent: 'foreignGridCode' } },
  );
  r.post('/split', 'boundaries:edit', async (req, res) => {
    res.json(await splitCell(db, parseWith(splitBody, req.body)));
  });
  r.post('/merge', 'boundaries:edit', async (req, res) => {
    res.json(await mergeCells(db, parseWith(mergeBody, req.body)));
  });
  r.post('/overlay', 'boundaries:edit', async (req, res) => {
    res.json(await overlayShapes(db, parseWith(overlayBody, req.body)));
  });
  r.get('/change-sets', 'boundaries:edit', async (req, res) => {
    res.json(await listChangeSets(db, req.viewer!, parseWith(changeSetListQuery, req.query).status ?? null));
  });
  r.post('/change-sets', 'boundaries:edit', async (req, res) => {
    res.status(201).json(await createChangeSet(db, req.viewer!, parseWith(createBody, req.body)));
  });
  r.get(
    '/change-sets/:id',
    'boundaries:edit',
    async (req, res) => {
      const cs = await getChangeSet(db, req.viewer!, changeSetId(req.params.id));
      res.json(cs);
    },
    byId,
  );
  r.put(
    '/change-sets/:id/cells/:code',
    'boundaries:edit',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      const code = gridCode(req.params.code);
      res.json(await putDraftCell(db, req.viewer!, id, code, parseWith(cellBody, req.body)));
    },
    byIdAndCode,
  );
  r.delete(
    '/change-sets/:id/cells/:code',
    'boundaries:edit',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      const code = gridCode(req.params.code);
      await removeDraftCell(db, req.viewer!, id, code);
      res.status(204).end();
    },
    byIdAndCode,
  );
  r.post(
    '/change-sets/:id/discard',
    'boundaries:edit',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      await discardChangeSet(db, req.viewer!, id);
      res.status(204).end();
    },
    byId,
  );
  r.get(
    '/change-sets/:id/report',
    'boundaries:edit',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      res.json(await reportChangeSet(db, req.viewer!, id));
    },
    byId,
  );
  r.post(
    '/change-sets/:id/publish',
    'boundaries:edit',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      res.json(await publishChangeSet(db, req.viewer!, id, req.get('If-Match'), parseWith(publishBody, req.body)));
    },
    { ...byId, body: { reason: 'probe' } },
  );
  r.get(
    '/cells/:code/versions',
    'boundaries:history',
    async (req, res) => {
      res.json(await cellVersions(db, req.viewer!, gridCode(req.params.code)));
    },
    byCode,
  );
  r.post(
    '/cells/:code/versions/:version/rollback',
    'boundaries:edit',
    async (req, res) => {
      const code = gridCode(req.params.code);
      const version = versionNumber(req.params.version);
      res.status(201).json(await rollbackDraft(db, req.viewer!, code, version));
    },
    { params: { code: 'foreignGridCode', version: 'versionOne' } },
  );
  r.post(
    '/cells/:code/suggest-split',
    'boundaries:edit',
    async (req, res) => {
      const code = gridCode(req.params.code);
      res.status(201).json(await suggestSplit(db, req.viewer!, code, parseWith(suggestBody, req.body)));
    },
    byCode,
  );
  r.get(
    '/areas/:code/timeline',
    'boundaries:history',
    async (req, res) => {
      res.json(await areaTimeline(db, req.viewer!, gridCode(req.params.code)));
    },
    byCode,
  );
  r.get(
    '/areas/:code/change-sets/:id',
    'boundaries:history',
    async (req, res) => {
      const id = changeSetId(req.params.id);
      res.json(await changeSetDiff(db, req.viewer!, gridCode(req.params.code), id));
    },
    byIdAndCode,
  );
  return r;
}
