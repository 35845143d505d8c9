import type { SessionInfo } from '../../server/auth/auth-contract.ts';
import { getJson, sendJson } from './http.ts';

export type { SessionInfo, SessionUser } from '../../server/auth/auth-contract.ts';

/** GET /api/auth/session */
export const fetchSession = (): Promise<SessionInfo> => getJson('/api/auth/session');
/** POST /api/auth/login */
export const postLogin = (username: string, password: string): Promise<SessionInfo> =>
  sendJson('POST', '/api/auth/login', { username, password });
/** POST /api/auth/wall: exchanges a display token for a device session. */
export const postWallToken = (token: string): Promise<SessionInfo> => sendJson('POST', '/api/auth/wall', { token });
/** POST /api/auth/logout */
export const postLogout = (): Promise<void> => sendJson('POST', '/api/auth/logout');
/** POST /api/auth/password */
export const postPassword = (current: string, next: string): Promise<void> => sendJson('POST', '/api/auth/password', { current, next });
