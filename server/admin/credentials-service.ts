import type { z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import { revokeWallSessions, type ClientInfo } from '../auth/sessions.ts';
import type { SessionHub } from '../auth/sign-in.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import {
  CREDENTIAL_KINDS,
  type CredentialKind,
  type CredentialRows,
  type IssuedCredential,
  type issueCredentialSchemas,
} from './admin-contract.ts';
import { API_KEYS, WALL_TOKENS } from './credentials-sql.ts';

type IssueBody<K extends CredentialKind> = z.infer<(typeof issueCredentialSchemas)[K]>;

/** What differs between the kinds: their statements, audit words, and what the credential acts as. */
interface KindRules<K extends CredentialKind> {
  sql: typeof WALL_TOKENS | typeof API_KEYS;
  /** Audit action prefix and object type. */
  audit: { action: string; objectType: string };
  /** What the credential acts as: the value stored beside it, and the error when it is outside the area. */
  owner(body: IssueBody<K>): { value: string | number; missing: AppError; detail: Record<string, string | number> };
  /** Sessions to drop when it is revoked (a display signed in with the token). */
  sessionsOf?(tx: Queryable, id: number): Promise<string[]>;
}

const RULES: { [K in CredentialKind]: KindRules<K> } = {
  wallToken: {
    sql: WALL_TOKENS,
    audit: { action: 'walltoken', objectType: 'wall_token' },
    owner: (b) => ({
      value: b.areaCode,
      missing: new AppError(404, 'grid_not_found', { code: b.areaCode }),
      detail: { areaCode: b.areaCode },
    }),
    sessionsOf: revokeWallSessions,
  },
  apiKey: {
    sql: API_KEYS,
    audit: { action: 'apikey', objectType: 'api_key' },
    owner: (b) => ({ value: b.userId, missing: new AppError(404, 'not_found'), detail: { userId: b.userId } }),
  },
};

/** The credentials of a kind inside the viewer's area, newest first. */
export function listCredentials<K extends CredentialKind>(db: Queryable, kind: K, viewer: Viewer): Promise<CredentialRows[K][]> {
  return db.query<CredentialRows[K]>(RULES[kind].sql.list, [viewer.areaPath]);
}

/** Issues a credential for something inside the viewer's area; its secret is answered this once and stored only hashed. */
export async function issueCredential<K extends CredentialKind>(
  db: Db,
  kind: K,
  viewer: Viewer,
  body: IssueBody<K>,
  client: ClientInfo,
): Promise<IssuedCredential<K>> {
  const rules = RULES[kind] as KindRules<K>;
  const owner = rules.owner(body);
  if ((await db.query(rules.sql.ownerInArea, [viewer.areaPath, owner.value])).length === 0) throw owner.missing;
  const secret = newToken();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(rules.sql.insert, [body.name, owner.value, hashToken(secret), viewer.userId]);
    await auditSuccess(tx, viewer, client, `${rules.audit.action}.create`, [rules.audit.objectType, String(row!.id)], owner.detail);
    return { id: row!.id, [CREDENTIAL_KINDS[kind].secret]: secret } as IssuedCredential<K>;
  });
}

/** Revokes a credential inside the viewer's area; a display using a revoked wall token drops at once. */
export async function revokeCredential(
  db: Db,
  hub: SessionHub,
  kind: CredentialKind,
  viewer: Viewer,
  id: number,
  client: ClientInfo,
): Promise<void> {
  const rules = RULES[kind] as KindRules<CredentialKind>;
  if ((await db.query(rules.sql.credentialInArea, [viewer.areaPath, id])).length === 0) throw new AppError(404, 'not_found');
  const dropped = await db.transaction(async (tx) => {
    await tx.query(rules.sql.revoke, [id]);
    await auditSuccess(tx, viewer, client, `${rules.audit.action}.revoke`, [rules.audit.objectType, String(id)]);
    return rules.sessionsOf ? rules.sessionsOf(tx, id) : [];
  });
  hub.dropSessions(dropped);
}
