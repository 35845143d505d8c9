import type { Db } from '../db/db.ts';
import { invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { CATEGORY_CODE } from '../incidents/incidents-contract.ts';
import { createCategorySchema, limitsSchema, patchCategorySchema, systemSettingsSchema } from './settings-contract.ts';
import {
  createCategory,
  patchCategory,
  readIncidentConfig,
  readStandards,
  readSystemSettings,
  saveSystemSettings,
  setTimeLimits,
} from './settings-service.ts';

/** Settings: the system's (retention, workload standard), the incident catalogue and its time limits, and the standards all read. */
export function settingsRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  // Figures only, nothing personal: every signed-in viewer and every wall measures against them.
  r.get('/settings/standards', 'grids:read', async (_req, res) => {
    res.json(await readStandards(db));
  });
  r.get('/admin/settings', 'settings:manage', async (_req, res) => {
    res.json(await readSystemSettings(db));
  });
  r.put('/admin/settings', 'settings:manage', async (req, res) => {
    const body = parseWith(systemSettingsSchema, req.body);
    await saveSystemSettings(db, req.viewer!, body, clientInfo(req));
    res.json(body);
  });
  r.get('/admin/incident-config', 'settings:manage', async (_req, res) => {
    res.json(await readIncidentConfig(db));
  });
  r.put('/admin/incident-limits', 'settings:manage', async (req, res) => {
    await setTimeLimits(db, req.viewer!, parseWith(limitsSchema, req.body), clientInfo(req));
    res.json(await readIncidentConfig(db));
  });
  r.post('/admin/incident-categories', 'settings:manage', async (req, res) => {
    await createCategory(db, req.viewer!, parseWith(createCategorySchema, req.body), clientInfo(req));
    res.status(201).json(await readIncidentConfig(db));
  });
  r.patch('/admin/incident-categories/:code', 'settings:manage', async (req, res) => {
    const code = String(req.params.code);
    if (!CATEGORY_CODE.test(code))
      throw invalidParameter('code', '应为 2–40 个小写字母或下划线', 'expected 2–40 lowercase letters or underscores');
    await patchCategory(db, req.viewer!, code, parseWith(patchCategorySchema, req.body), clientInfo(req));
    res.json(await readIncidentConfig(db));
  });
  return r;
}
