import { z } from 'zod';

/** The audit trail's API (GET /api/admin/audit) as both sides see it. */

/** Entries per page of the search. */
export const AUDIT_PAGE_SIZE = 100;

/** Query of the audit search; every filter is optional. */
export const auditQuerySchema = z.object({
  user: z.string().max(60).optional(),
  action: z.string().max(60).optional(),
  object: z.string().max(200).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** Filters of the audit search as the client fills them in. */
export type AuditFilter = Partial<Record<Exclude<keyof z.input<typeof auditQuerySchema>, 'page'>, string>> & { page?: number };

/** One audit entry as listed. */
export interface AuditRow {
  id: string;
  at: string;
  username: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  detail: Record<string, unknown>;
}

/** One page of the search. */
export interface AuditPage {
  total: number;
  page: number;
  pageSize: number;
  entries: AuditRow[];
}
