import type { Queryable } from '../db/db.ts';
import type { Viewer } from '../auth/scope.ts';
import { INSERT_AUDIT } from './audit-sql.ts';

/** Outcome of an audited action. */
type AuditOutcome = 'success' | 'failure' | 'denied';

/** One entry of the audit trail. */
export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  viewer?: Pick<Viewer, 'userId' | 'name'> | null;
  /** For sign-in failures, where there is no viewer yet. */
  username?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** Control characters are stripped so a logged value cannot forge lines in an export (log injection). */
function clean(value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, max);
}

/**
 * The entry's values, cleaned, in the order of `INSERT_AUDIT_FROM`'s parameters: user id,
 * username, action, object type, outcome, ip, detail (the object id comes from the statement).
 */
export function auditParams(entry: Omit<AuditEntry, 'objectId'>): unknown[] {
  return [
    entry.viewer?.userId ?? null,
    clean(entry.viewer?.name ?? entry.username ?? null, 60),
    entry.action,
    entry.objectType ?? null,
    entry.outcome,
    clean(entry.ip, 64),
    JSON.stringify(entry.detail ?? {}),
  ];
}

/** Appends one entry; the caller passes its transaction when the entry belongs to a write. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const [userId, username, action, objectType, outcome, ip, detail] = auditParams(entry);
  await db.query(INSERT_AUDIT, [userId, username, action, objectType, clean(entry.objectId), outcome, ip, detail]);
}

/**
 * Appends the entry of an action a viewer did on one object and that succeeded (most entries),
 * in the caller's transaction: who, from where (when the request is known), what, on what.
 */
export async function auditSuccess(
  db: Queryable,
  viewer: Pick<Viewer, 'userId' | 'name'>,
  client: { ip: string | null } | null,
  action: string,
  [objectType, objectId]: [string, string],
  detail?: Record<string, unknown>,
): Promise<void> {
  await recordAudit(db, { action, outcome: 'success', viewer, objectType, objectId, ip: client?.ip ?? null, detail });
}
