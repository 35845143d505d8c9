import type { z } from 'zod';
import type { SessionHub } from '../auth/sign-in.ts';
import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { idParam } from '../http/route-params.ts';
import { CREDENTIAL_KINDS, createUserSchema, issueCredentialSchemas, updateUserSchema, type CredentialKind } from './admin-contract.ts';
import { issueCredential, listCredentials, revokeCredential } from './credentials-service.ts';
import { createUser, listUsers, resetPassword, unlockUser, updateUser } from './users-service.ts';

/** Who may manage each kind of credential, and the probes that aim it at another area. */
const CREDENTIAL_ROUTES = {
  wallToken: { access: 'walltokens:manage', probeBody: { name: 'probe wall', areaCode: 'foreignGridCode' }, probeId: 'foreignWallTokenId' },
  apiKey: { access: 'users:manage', probeBody: { name: 'probe client', userId: 'foreignUserId' }, probeId: 'foreignApiKeyId' },
} as const;

/** Administration: accounts, and the credentials issued to displays and Open311 clients. */
export function adminRoutes(db: Db, registry: RouteSpec[], hub: SessionHub) {
  const r = secureRouter(db, registry, '/api');

  r.get('/admin/users', 'users:manage', async (req, res) => {
    res.json(await listUsers(db, req.viewer!));
  });
  r.post(
    '/admin/users',
    'users:manage',
    async (req, res) => {
      res.status(201).json(await createUser(db, req.viewer!, parseWith(createUserSchema, req.body), clientInfo(req)));
    },
    { body: { username: 'probe-user', displayName: 'probe', role: 'worker', areaCode: 'foreignGridCode' } },
  );
  r.patch(
    '/admin/users/:id',
    'users:manage',
    async (req, res) => {
      await updateUser(db, hub, req.viewer!, idParam(req.params.id), parseWith(updateUserSchema, req.body), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignUserId' }, body: { disabled: 'true' } },
  );
  r.post(
    '/admin/users/:id/unlock',
    'users:manage',
    async (req, res) => {
      await unlockUser(db, req.viewer!, idParam(req.params.id), clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignUserId' } },
  );
  r.post(
    '/admin/users/:id/reset-password',
    'users:manage',
    async (req, res) => {
      res.json(await resetPassword(db, hub, req.viewer!, idParam(req.params.id), clientInfo(req)));
    },
    { params: { id: 'foreignUserId' } },
  );

  for (const kind of Object.keys(CREDENTIAL_KINDS) as CredentialKind[]) {
    const path = CREDENTIAL_KINDS[kind].path;
    const rules = CREDENTIAL_ROUTES[kind];
    r.get(path, rules.access, async (req, res) => {
      res.json(await listCredentials(db, kind, req.viewer!));
    });
    r.post(
      path,
      rules.access,
      async (req, res) => {
        const body = parseWith(issueCredentialSchemas[kind] as z.ZodType<unknown> as z.ZodType<never>, req.body);
        res.status(201).json(await issueCredential(db, kind, req.viewer!, body, clientInfo(req)));
      },
      { body: rules.probeBody },
    );
    r.delete(
      `${path}/:id`,
      rules.access,
      async (req, res) => {
        await revokeCredential(db, hub, kind, req.viewer!, idParam(req.params.id), clientInfo(req));
        res.status(204).end();
      },
      { params: { id: rules.probeId } },
    );
  }
  return r;
}
