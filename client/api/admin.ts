import { getJson, sendJson } from './http.ts';

/** An account as the administrator sees it. */
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
  areaName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  locked: boolean;
}

/** A wall-display token (the token itself is shown once, at creation). */
export interface WallTokenRow {
  id: number;
  name: string;
  areaCode: string;
  areaName: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string;
}

/** An Open311 API key (the key itself is shown once, at creation). */
export interface ApiKeyRow {
  id: number;
  name: string;
  username: string;
  role: string;
  areaCode: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string;
}

/** One audit entry. */
export interface AuditEntry {
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

/** Filters of the audit search. */
export interface AuditFilter {
  user?: string;
  action?: string;
  object?: string;
  outcome?: string;
  from?: string;
  to?: string;
  page?: number;
}

export const fetchUsers = (): Promise<UserRow[]> => getJson('/api/admin/users');
export const createUser = (body: {
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
}): Promise<{ id: number; oneTimePassword: string }> => sendJson('POST', '/api/admin/users', body);
export const updateUser = (
  id: number,
  body: Partial<{ displayName: string; role: string; areaCode: string; disabled: boolean }>,
): Promise<void> => sendJson('PATCH', `/api/admin/users/${id}`, body);
export const unlockUser = (id: number): Promise<void> => sendJson('POST', `/api/admin/users/${id}/unlock`);
export const resetPassword = (id: number): Promise<{ oneTimePassword: string }> =>
  sendJson('POST', `/api/admin/users/${id}/reset-password`);

export const fetchWallTokens = (): Promise<WallTokenRow[]> => getJson('/api/wall-tokens');
export const createWallToken = (body: { name: string; areaCode: string }): Promise<{ id: number; token: string }> =>
  sendJson('POST', '/api/wall-tokens', body);
export const revokeWallToken = (id: number): Promise<void> => sendJson('DELETE', `/api/wall-tokens/${id}`);

/** Builds the audit query string from the filled filters only. */
export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}
export const fetchAudit = (filter: AuditFilter): Promise<{ total: number; page: number; pageSize: number; entries: AuditEntry[] }> =>
  getJson(`/api/admin/audit?${auditQuery(filter)}`);
/** System settings: audit retention and the households-per-worker standard. */
export interface SystemSettings {
  auditRetentionDays: number;
  householdsPerWorker: number;
}
export const fetchSettings = (): Promise<SystemSettings> => getJson('/api/admin/settings');
export const saveSettings = (body: SystemSettings): Promise<SystemSettings> => sendJson('PUT', '/api/admin/settings', body);
export const pruneAuditNow = (): Promise<{ deleted: number }> => sendJson('POST', '/api/admin/audit/prune');
export const fetchApiKeys = (): Promise<ApiKeyRow[]> => getJson('/api/api-keys');
export const createApiKey = (body: { name: string; userId: number }): Promise<{ id: number; key: string }> =>
  sendJson('POST', '/api/api-keys', body);
export const revokeApiKey = (id: number): Promise<void> => sendJson('DELETE', `/api/api-keys/${id}`);

/** The incident catalogue and time limits as the administrator edits them. */
export interface IncidentConfig {
  categories: { code: string; nameZh: string; nameEn: string; defaultColour: string; active: boolean }[];
  limits: { colour: string; step: string; minutes: number }[];
}
export const fetchIncidentConfig = (): Promise<IncidentConfig> => getJson('/api/admin/incident-config');
export const saveIncidentLimits = (limits: IncidentConfig['limits']): Promise<IncidentConfig> =>
  sendJson('PUT', '/api/admin/incident-limits', { limits });
export const createIncidentCategory = (body: {
  code: string;
  nameZh: string;
  nameEn: string;
  defaultColour: string;
}): Promise<IncidentConfig> => sendJson('POST', '/api/admin/incident-categories', body);
export const patchIncidentCategory = (
  code: string,
  body: Partial<{ nameZh: string; nameEn: string; defaultColour: string; active: boolean }>,
): Promise<IncidentConfig> => sendJson('PATCH', `/api/admin/incident-categories/${encodeURIComponent(code)}`, body);
