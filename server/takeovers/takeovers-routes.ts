import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { idParam } from '../http/route-params.ts';
import { acknowledgeSchema, emergencyLimitsSchema, MARKED_MILESTONES, type MarkedMilestone } from './takeovers-contract.ts';
import { acknowledgeTakeover, listTakeovers, markMilestone, readEmergencyLimits, saveEmergencyLimits } from './takeovers-service.ts';

const parseId = (raw: unknown): string => idParam(raw, { big: true, missing: (id) => new AppError(404, 'takeover_not_found', { id }) });

function parseMilestone(raw: unknown): MarkedMilestone {
  if (typeof raw === 'string' && (MARKED_MILESTONES as readonly string[]).includes(raw)) return raw as MarkedMilestone;
  throw invalidParameter('milestone', `应为 ${MARKED_MILESTONES.join(' 或 ')}`, `expected ${MARKED_MILESTONES.join(' or ')}`);
}

/** /api/takeovers: a wall's emergency takeovers, their acknowledgement and milestones; the emergency targets. */
export function takeoversRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  // What a wall shows: no description, no reporter; walls read it with their own token.
  r.get('/takeovers', 'incidents:read', async (req, res) => {
    res.json(await listTakeovers(db, req.viewer!));
  });
  r.post(
    '/takeovers/:id/acknowledge',
    'takeovers:command',
    async (req, res) => {
      const id = parseId(req.params.id);
      const body = parseWith(acknowledgeSchema, req.body);
      await acknowledgeTakeover(db, req.viewer!, id, body.version, clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignTakeoverId' }, body: { version: '1' } },
  );
  r.post(
    '/takeovers/:id/milestones/:milestone',
    'takeovers:command',
    async (req, res) => {
      const id = parseId(req.params.id);
      await markMilestone(db, req.viewer!, id, parseMilestone(req.params.milestone), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignTakeoverId', milestone: 'milestoneInform' } },
  );
  r.get('/admin/emergency-limits', 'settings:manage', async (_req, res) => {
    res.json(await readEmergencyLimits(db));
  });
  r.put('/admin/emergency-limits', 'settings:manage', async (req, res) => {
    const limits = parseWith(emergencyLimitsSchema, req.body);
    await saveEmergencyLimits(db, req.viewer!, limits, clientInfo(req));
    res.json(limits);
  });
  return r;
}
