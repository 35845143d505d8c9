import type { Config } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import * as sql from './auth-sql.ts';
import type { Viewer } from './scope.ts';
import { hashToken, newToken } from './tokens.ts';

/** Session lifetimes the store needs from the configuration. */
export type SessionConfig = Pick<Config, 'sessionIdleMinutes' | 'sessionMaxMinutes' | 'wallSessionMinutes'>;

/** Where a request came from, kept with the session and the audit entries. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A freshly issued session: the cookie value (shown once) and the CSRF token. */
export interface IssuedSession {
  token: string;
  sessionId: string;
  csrfToken: string;
}

/** Creates a session for a user or a wall token; the cookie carries the token, the table its hash. */
export async function issueSession(
  db: Queryable,
  owner: { userId: number } | { wallTokenId: number },
  config: SessionConfig,
  client: ClientInfo,
): Promise<IssuedSession> {
  const token = newToken();
  const sessionId = hashToken(token);
  const csrfToken = newToken();
  const isWall = 'wallTokenId' in owner;
  await db.query(sql.INSERT_SESSION, [
    sessionId,
    isWall ? null : owner.userId,
    isWall ? owner.wallTokenId : null,
    csrfToken,
    isWall ? config.wallSessionMinutes : config.sessionMaxMinutes,
    client.ip,
    client.userAgent?.slice(0, 200) ?? null,
  ]);
  return { token, sessionId, csrfToken };
}

/** The viewer behind a cookie value, or null when the session is unknown, revoked, idle or expired. */
export async function viewerForToken(db: Queryable, token: string, config: SessionConfig): Promise<Viewer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return viewerForSession(db, hashToken(token), config);
}

/** The viewer of a session id (the hash); a request refreshes its idle clock, a background re-check does not. */
export async function viewerForSession(db: Queryable, sessionId: string, config: SessionConfig, touch = true): Promise<Viewer | null> {
  const [found] = await db.query<Omit<Viewer, 'kind'> & { touchDue: boolean }>(sql.SELECT_VIEWER, [sessionId, config.sessionIdleMinutes]);
  if (!found) return null;
  const { touchDue, ...row } = found;
  if (touch && touchDue) await db.query(sql.TOUCH_SESSION, [sessionId]);
  return { ...row, kind: row.wallTokenId === null ? 'user' : 'wall' };
}

/** Revokes one session; returns whether it was live. */
export async function revokeSession(db: Queryable, sessionId: string): Promise<boolean> {
  return (await db.query(sql.REVOKE_SESSION, [sessionId])).length > 0;
}

/** Revokes every live session of a user (but `keep`); returns the revoked ids. */
export async function revokeUserSessions(db: Queryable, userId: number, keep: string | null = null): Promise<string[]> {
  return (await db.query<{ id: string }>(sql.REVOKE_USER_SESSIONS, [userId, keep])).map((r) => r.id);
}

/** Revokes every device session opened with a wall token; returns the revoked ids. */
export async function revokeWallSessions(db: Queryable, wallTokenId: number): Promise<string[]> {
  return (await db.query<{ id: string }>(sql.REVOKE_WALL_SESSIONS, [wallTokenId])).map((r) => r.id);
}
