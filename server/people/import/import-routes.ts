import express from 'express';
import type { Db } from '../../db/db.ts';
import { SPREADSHEET_TYPES } from '../../http/auth-middleware.ts';
import { clientInfo } from '../../http/client-info.ts';
import { parseWith } from '../../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../../http/route-registry.ts';
import { idParam } from '../../http/route-params.ts';
import { checkImport, commitImport, loadImport, uploadImport } from './import-service.ts';
import { MAX_IMPORT_BYTES } from './import-sheet.ts';
import { checkBody, commitBody } from './import-contract.ts';

const parseImportId = (raw: unknown): number => idParam(raw);

/** A file name as given (?name=), reduced to a safe display name. */
function fileName(raw: unknown): string {
  const name =
    typeof raw === 'string'
      ? raw
          .replace(/[\p{Cc}/\\]/gu, '')
          .trim()
          .slice(0, 200)
      : '';
  return name || 'register';
}

/**
 * /api/registers/imports: upload a CSV or XLSX (raw body, ?name=), check it with a column mapping,
 * commit it. Each step is the importer's own: another account's upload is not found.
 */
export function importRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/registers');
  const readFile = express.raw({ type: SPREADSHEET_TYPES, limit: MAX_IMPORT_BYTES });
  r.post('/imports', 'people:import', async (req, res) => {
    await new Promise<void>((resolve, reject) => readFile(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    res.status(201).json(await uploadImport(db, req.viewer!, fileName(req.query.name), bytes, clientInfo(req)));
  });
  // The upload is looked up before the body is read, so another account's id is "not found" whatever is sent.
  const probe = { params: { id: 'foreignImportId' as const } };
  r.post(
    '/imports/:id/check',
    'people:import',
    async (req, res) => {
      const upload = await loadImport(db, req.viewer!, parseImportId(req.params.id));
      const { mapping } = parseWith(checkBody, req.body);
      res.json(await checkImport(db, req.viewer!, upload, mapping, clientInfo(req)));
    },
    probe,
  );
  r.post(
    '/imports/:id/commit',
    'people:import',
    async (req, res) => {
      const upload = await loadImport(db, req.viewer!, parseImportId(req.params.id));
      const { mapping, excludeInvalid } = parseWith(commitBody, req.body);
      res.json(await commitImport(db, req.viewer!, upload, mapping, excludeInvalid, clientInfo(req)));
    },
    probe,
  );
  return r;
}
