import type { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { AUDIT_PAGE_SIZE, type AuditPage, type AuditRow, type auditQuerySchema } from './audit-contract.ts';
import { SEARCH_AUDIT } from './audit-sql.ts';

/** One page of the audit trail, newest first, with the number of entries the filters match. */
export async function searchAudit(db: Queryable, q: z.infer<typeof auditQuerySchema>): Promise<AuditPage> {
  const rows = await db.query<AuditRow & { total: number }>(SEARCH_AUDIT, [
    q.user ?? null,
    q.action ?? null,
    q.object ?? null,
    q.from ?? null,
    q.to ?? null,
    q.outcome ?? null,
    AUDIT_PAGE_SIZE,
    (q.page - 1) * AUDIT_PAGE_SIZE,
  ]);
  return { total: rows[0]?.total ?? 0, page: q.page, pageSize: AUDIT_PAGE_SIZE, entries: rows.map(({ total: _t, ...e }) => e) };
}
