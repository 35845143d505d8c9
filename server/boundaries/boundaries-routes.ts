import express from 'express';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { BOUNDARY_FILE_TYPES } from '../http/auth-middleware.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { GRID_CODE } from '../grids/grids-params.ts';
import {
  createChangeSet,
  discardChangeSet,
  editorArea,
  editorParents,
  getChangeSet,
  listChangeSets,
  parseChangeSetId,
  putDraftCell,
  removeDraftCell,
  reportChangeSet,
} from './change-sets-service.ts';
import { draftFromUpload, exportCells, MAX_BOUNDARY_UPLOAD, previewUpload, uploadBoundaryFile } from './files-service.ts';
import { mergeCells, overlayShapes, splitCell } from './geometry-ops.ts';
import { areaTimeline, cellVersions, changeSetDiff, rollbackDraft } from './history-service.ts';
import { publishChangeSet } from './publish-service.ts';
import { suggestSplit } from './suggest-service.ts';
import { validateChange } from './validate-service.ts';

/**
 * Bodies of boundary routes may carry detailed shapes (a real grid has up to ~15,000 vertices);
 * beyond this a shape is refused by size before anything parses it.
 */
export const BOUNDARY_JSON_LIMIT = '4mb';

/** The parser for /api/boundaries, mounted before the app's general one (which then skips the body). */
export const boundaryJson = express.json({ limit: BOUNDARY_JSON_LIMIT });

function gridCode(raw: unknown): string {
  if (typeof raw !== 'string' || !GRID_CODE.test(raw)) throw new AppError(404, 'grid_not_found', { code: String(raw).slice(0, 40) });
  return raw;
}

/** An upload's id; anything else is an upload that does not exist. */
function uploadId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw))
    throw new AppError(404, 'boundary_import_not_found', { id: String(raw).slice(0, 20) });
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

function versionNumber(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[0-9]{1,6}$/.test(raw))
    throw new AppError(404, 'version_not_found', { code: '', version: String(raw) });
  return Number(raw);
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
      res.json(await db.transaction((tx) => validateChange(tx, req.viewer!, req.body)));
    },
    { body: { parentCode: 'foreignGridCode' } },
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
    res.status(201).json(await db.transaction((tx) => uploadBoundaryFile(tx, req.viewer!, uploadName(req.query.name), bytes)));
  });
  const byUpload = { params: { id: 'foreignBoundaryImportId' as const } };
  r.get(
    '/imports/:id',
    'boundaries:edit',
    async (req, res) => {
      res.json(await previewUpload(db, req.viewer!, uploadId(req.params.id)));
    },
    byUpload,
  );
  r.post(
    '/imports/:id/draft',
    'boundaries:edit',
    async (req, res) => {
      const id = uploadId(req.params.id);
      res.status(201).json(await db.transaction((tx) => draftFromUpload(tx, req.viewer!, id, req.body)));
    },
    byUpload,
  );
  r.get(
    '/export',
    'boundaries:history',
    async (req, res) => {
      const file = await exportCells(db, req.viewer!, req.query);
      res
        .type(file.type)
        .set('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    },
    { query: { level: 'grid', parent: 'foreignGridCode' } },
  );
  r.post('/split', 'boundaries:edit', async (req, res) => {
    res.json(await splitCell(db, req.body));
  });
  r.post('/merge', 'boundaries:edit', async (req, res) => {
    res.json(await mergeCells(db, req.body));
  });
  r.post('/overlay', 'boundaries:edit', async (req, res) => {
    res.json(await overlayShapes(db, req.body));
  });
  r.get('/change-sets', 'boundaries:edit', async (req, res) => {
    res.json(await listChangeSets(db, req.viewer!, req.query.status));
  });
  r.post('/change-sets', 'boundaries:edit', async (req, res) => {
    res.status(201).json(await db.transaction((tx) => createChangeSet(tx, req.viewer!, req.body)));
  });
  r.get(
    '/change-sets/:id',
    'boundaries:edit',
    async (req, res) => {
      const cs = await getChangeSet(db, req.viewer!, parseChangeSetId(String(req.params.id)));
      res.json(cs);
    },
    byId,
  );
  r.put(
    '/change-sets/:id/cells/:code',
    'boundaries:edit',
    async (req, res) => {
      const id = parseChangeSetId(String(req.params.id));
      const code = gridCode(req.params.code);
      res.json(await db.transaction((tx) => putDraftCell(tx, req.viewer!, id, code, req.body)));
    },
    byIdAndCode,
  );
  r.delete(
    '/change-sets/:id/cells/:code',
    'boundaries:edit',
    async (req, res) => {
      const id = parseChangeSetId(String(req.params.id));
      const code = gridCode(req.params.code);
      await db.transaction((tx) => removeDraftCell(tx, req.viewer!, id, code));
      res.status(204).end();
    },
    byIdAndCode,
  );
  r.post(
    '/change-sets/:id/discard',
    'boundaries:edit',
    async (req, res) => {
      const id = parseChangeSetId(String(req.params.id));
      await db.transaction((tx) => discardChangeSet(tx, req.viewer!, id));
      res.status(204).end();
    },
    byId,
  );
  r.get(
    '/change-sets/:id/report',
    'boundaries:edit',
    async (req, res) => {
      const id = parseChangeSetId(String(req.params.id));
      res.json(await db.transaction((tx) => reportChangeSet(tx, req.viewer!, id)));
    },
    byId,
  );
  r.post(
    '/change-sets/:id/publish',
    'boundaries:edit',
    async (req, res) => {
      const id = parseChangeSetId(String(req.params.id));
      res.json(await db.transaction((tx) => publishChangeSet(tx, req.viewer!, id, req.get('If-Match'), req.body)));
    },
    byId,
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
      res.status(201).json(await db.transaction((tx) => rollbackDraft(tx, req.viewer!, code, version)));
    },
    { params: { code: 'foreignGridCode', version: 'versionOne' } },
  );
  r.post(
    '/cells/:code/suggest-split',
    'boundaries:edit',
    async (req, res) => {
      const code = gridCode(req.params.code);
      res.status(201).json(await db.transaction((tx) => suggestSplit(tx, req.viewer!, code, req.body)));
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
      const id = parseChangeSetId(String(req.params.id));
      res.json(await changeSetDiff(db, req.viewer!, gridCode(req.params.code), id));
    },
    byIdAndCode,
  );
  return r;
}
