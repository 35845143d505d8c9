import type {
  CredentialKind,
  CredentialRows,
  issueCredentialSchemas,
  IssuedCredential,
  UserRow,
  createUserSchema,
  updateUserSchema,
} from '../../server/admin/admin-contract.ts';
import { CREDENTIAL_KINDS } from '../../server/admin/admin-contract.ts';
import type { AuditFilter, AuditPage } from '../../server/audit/audit-contract.ts';
import type { createCategorySchema, IncidentConfig, patchCategorySchema, SystemSettings } from '../../server/settings/settings-contract.ts';
import type { z } from 'zod';
import { getJson, sendJson } from './http.ts';

export type { CredentialKind, CredentialRows, UserRow } from '../../server/admin/admin-contract.ts';
export type { AuditFilter, AuditRow as AuditEntry } from '../../server/audit/audit-contract.ts';
export type { IncidentConfig, SystemSettings } from '../../server/settings/settings-contract.ts';

export const fetchUsers = (): Promise<UserRow[]> => getJson('/api/admin/users');
export const createUser = (body: z.input<typeof createUserSchema>): Promise<{ id: number; oneTimePassword: string }> =>
  sendJson('POST', '/api/admin/users', body);
export const updateUser = (id: number, body: z.input<typeof updateUserSchema>): Promise<void> =>
  sendJson('PATCH', `/api/admin/users/${id}`, body);
export const unlockUser = (id: number): Promise<void> => sendJson('POST', `/api/admin/users/${id}/unlock`);
export const resetPassword = (id: number): Promise<{ oneTimePassword: string }> =>
  sendJson('POST', `/api/admin/users/${id}/reset-password`);

/** The issued credentials of a kind (wall tokens, API keys) inside the viewer's area. */
export const fetchCredentials = <K extends CredentialKind>(kind: K): Promise<CredentialRows[K][]> =>
  getJson(`/api${CREDENTIAL_KINDS[kind].path}`);
/** Issues a credential; its secret is in the answer, this once. */
export const issueCredential = <K extends CredentialKind>(
  kind: K,
  body: z.input<(typeof issueCredentialSchemas)[K]>,
): Promise<IssuedCredential<K>> => sendJson('POST', `/api${CREDENTIAL_KINDS[kind].path}`, body);
export const revokeCredential = (kind: CredentialKind, id: number): Promise<void> =>
  sendJson('DELETE', `/api${CREDENTIAL_KINDS[kind].path}/${id}`);

/** Builds the audit query string from the filled filters only. */
function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}
export const fetchAudit = (filter: AuditFilter): Promise<AuditPage> => getJson(`/api/admin/audit?${auditQuery(filter)}`);

export const fetchSettings = (): Promise<SystemSettings> => getJson('/api/admin/settings');
export const saveSettings = (body: SystemSettings): Promise<SystemSettings> => sendJson('PUT', '/api/admin/settings', body);
export const pruneAuditNow = (): Promise<{ deleted: number }> => sendJson('POST', '/api/admin/audit/prune');

export const fetchIncidentConfig = (): Promise<IncidentConfig> => getJson('/api/admin/incident-config');
export const saveIncidentLimits = (limits: IncidentConfig['limits']): Promise<IncidentConfig> =>
  sendJson('PUT', '/api/admin/incident-limits', { limits });
export const createIncidentCategory = (body: z.input<typeof createCategorySchema>): Promise<IncidentConfig> =>
  sendJson('POST', '/api/admin/incident-categories', body);
export const patchIncidentCategory = (code: string, body: z.input<typeof patchCategorySchema>): Promise<IncidentConfig> =>
  sendJson('PATCH', `/api/admin/incident-categories/${encodeURIComponent(code)}`, body);
