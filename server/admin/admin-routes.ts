import { z } from 'zod';
import { pruneAudit } from '../audit/retention.ts';
import {
  SEARCH_AUDIT,
  SELECT_HOUSEHOLDS_PER_WORKER,
  SELECT_RETENTION_DAYS,
  UPDATE_HOUSEHOLDS_PER_WORKER,
  UPDATE_RETENTION_DAYS,
} from '../audit/audit-sql.ts';
import { recordAudit } from '../audit/audit.ts';
import type { SessionHub } from '../auth/sign-in.ts';
import type { Db } from '../db/db.ts';
import { invalidParameter } from '../http/app-error.ts';
import { parseWith } from '../http/parse-body.ts';
import { clientInfo } from '../http/client-info.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { createUserSchema, createUsersService, updateUserSchema } from './users-service.ts';
import { createWallTokens, createWallTokenSchema } from './wall-tokens.ts';
import { createApiKeys, createApiKeySchema } from './api-keys.ts';

function parseId(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0 || id > 2 ** 31 - 1) throw invalidParameter('id', '应为正整数', 'expected a positive integer');
  return id;
}

const auditQuery = z.object({
  user: z.string().max(60).optional(),
  action: z.string().max(60).optional(),
  object: z.string().max(200).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const AUDIT_PAGE_SIZE = 100;

const settingsSchema = z
  .object({
    auditRetentionDays: z.number().int().min(180).max(3650),
    /** The workload standard cells are measured against (the editor suggests splitting above it). */
    householdsPerWorker: z.number().int().min(50).max(2000).optional(),
  })
  .strict();

/** Administration: accounts, wall tokens, the audit trail and its retention. */
export function adminRoutes(db: Db, registry: RouteSpec[], hub: SessionHub) {
  const r = secureRouter(db, registry, '/api');
  const users = createUsersService(db, hub);
  const walls = createWallTokens(db, hub);
  const apiKeys = createApiKeys(db);

  r.get('/admin/users', 'users:manage', async (req, res) => {
    res.json(await users.list(req.viewer!));
  });
  r.post(
    '/admin/users',
    'users:manage',
    async (req, res) => {
      res.status(201).json(await users.create(req.viewer!, parseWith(createUserSchema, req.body), clientInfo(req)));
    },
    { body: { username: 'probe-user', displayName: 'probe', role: 'worker', areaCode: 'foreignGridCode' } },
  );
  r.patch(
    '/admin/users/:id',
    'users:manage',
    async (req, res) => {
      await users.update(req.viewer!, parseId(req.params.id), parseWith(updateUserSchema, req.body), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignUserId' }, body: { disabled: 'true' } },
  );
  r.post(
    '/admin/users/:id/unlock',
    'users:manage',
    async (req, res) => {
      await users.unlock(req.viewer!, parseId(req.params.id), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignUserId' } },
  );
  r.post(
    '/admin/users/:id/reset-password',
    'users:manage',
    async (req, res) => {
      res.json(await users.resetPassword(req.viewer!, parseId(req.params.id), clientInfo(req)));
    },
    { params: { id: 'foreignUserId' } },
  );

  r.get('/wall-tokens', 'walltokens:manage', async (req, res) => {
    res.json(await walls.list(req.viewer!));
  });
  r.post(
    '/wall-tokens',
    'walltokens:manage',
    async (req, res) => {
      res.status(201).json(await walls.create(req.viewer!, parseWith(createWallTokenSchema, req.body), clientInfo(req)));
    },
    { body: { name: 'probe wall', areaCode: 'foreignGridCode' } },
  );
  r.delete(
    '/wall-tokens/:id',
    'walltokens:manage',
    async (req, res) => {
      await walls.revoke(req.viewer!, parseId(req.params.id), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignWallTokenId' } },
  );

  r.get('/api-keys', 'users:manage', async (req, res) => {
    res.json(await apiKeys.list(req.viewer!));
  });
  r.post(
    '/api-keys',
    'users:manage',
    async (req, res) => {
      res.status(201).json(await apiKeys.create(req.viewer!, parseWith(createApiKeySchema, req.body), clientInfo(req)));
    },
    { body: { name: 'probe client', userId: 'foreignUserId' } },
  );
  r.delete(
    '/api-keys/:id',
    'users:manage',
    async (req, res) => {
      await apiKeys.revoke(req.viewer!, parseId(req.params.id), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignApiKeyId' } },
  );

  r.get('/admin/audit', 'audit:read', async (req, res) => {
    const q = parseWith(auditQuery, req.query);
    const rows = await db.query<{ total: number }>(SEARCH_AUDIT, [
      q.user ?? null,
      q.action ?? null,
      q.object ?? null,
      q.from ?? null,
      q.to ?? null,
      q.outcome ?? null,
      AUDIT_PAGE_SIZE,
      (q.page - 1) * AUDIT_PAGE_SIZE,
    ]);
    res.set('Cache-Control', 'no-store');
    res.json({ total: rows[0]?.total ?? 0, page: q.page, pageSize: AUDIT_PAGE_SIZE, entries: rows.map(({ total: _t, ...e }) => e) });
  });
  r.post('/admin/audit/prune', 'settings:manage', async (req, res) => {
    res.json({ deleted: await pruneAudit(db, { userId: req.viewer!.userId, name: req.viewer!.name }) });
  });
  r.get('/admin/settings', 'settings:manage', async (_req, res) => {
    const [row] = await db.query<{ days: number }>(SELECT_RETENTION_DAYS);
    const [standard] = await db.query<{ n: number }>(SELECT_HOUSEHOLDS_PER_WORKER);
    res.json({ auditRetentionDays: row?.days ?? 180, householdsPerWorker: standard?.n ?? 300 });
  });
  r.put('/admin/settings', 'settings:manage', async (req, res) => {
    const body = parseWith(settingsSchema, req.body);
    await db.transaction(async (tx) => {
      await tx.query(UPDATE_RETENTION_DAYS, [body.auditRetentionDays]);
      if (body.householdsPerWorker !== undefined) await tx.query(UPDATE_HOUSEHOLDS_PER_WORKER, [body.householdsPerWorker]);
      await recordAudit(tx, {
        action: 'settings.update',
        outcome: 'success',
        viewer: req.viewer!,
        objectType: 'settings',
        objectId: 'audit_retention_days',
        ip: clientInfo(req).ip,
        detail: body,
      });
    });
    res.json(body);
  });
  return r;
}
