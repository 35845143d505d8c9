import { getJson, sendJson } from './http.ts';

/** The signed-in user or wall display, as the server describes it. */
export interface SessionUser {
  kind: 'user' | 'wall';
  name: string;
  displayName: string;
  role: 'admin' | 'commander' | 'leader' | 'operator' | 'worker' | 'wall';
  areaCode: string;
  permissions: string[];
  mustChangePassword: boolean;
}

/** A session: who, and the CSRF token for state changes. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}

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
