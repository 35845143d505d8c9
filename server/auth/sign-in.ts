import type { z } from 'zod';
import type { loginSchema, passwordSchema, wallExchangeSchema } from './auth-contract.ts';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as sql from './auth-sql.ts';
import { dummyPasswordHash, hashPassword, PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import type { Viewer } from './scope.ts';
import { issueSession, revokeSession, revokeUserSessions, type ClientInfo, type IssuedSession, type SessionConfig } from './sessions.ts';
import { hashToken } from './tokens.ts';

/** Sign-in settings. */
type SignInConfig = SessionConfig & Pick<Config, 'loginMaxFailures' | 'lockoutMinutes' | 'ipMaxFailures' | 'ipWindowMinutes'>;

/** Drops the live sockets of revoked sessions (implemented by the realtime server). */
export interface SessionHub {
  dropSessions(sessionIds: readonly string[]): void;
  /** Drops every socket of a user (after a role or area change they must reconnect). */
  dropUser(userId: number): void;
}

async function tooManyFromAddress(db: Db, ip: string | null, config: SignInConfig): Promise<boolean> {
  if (!ip) return false;
  const [row] = await db.query<{ n: number }>(sql.COUNT_IP_FAILURES, [ip, config.ipWindowMinutes]);
  return row!.n >= config.ipMaxFailures;
}

/**
 * Forgets failed sign-ins older than a day: the per-address limit counts them over a window of
 * minutes, so older rows only grow the table (the audit trail keeps the record).
 */
export async function pruneLoginFailures(db: Db): Promise<void> {
  await db.query(sql.PRUNE_LOGIN_FAILURES);
}

/** The sign-in flows: password, one-time-password change, wall token, sign-out. */
export function createSignIn(db: Db, config: SignInConfig, hub: SessionHub) {
  const fail = async (client: ClientInfo, username: string, reason: string): Promise<never> => {
    await db.query(sql.INSERT_LOGIN_FAILURE, [client.ip ?? 'unknown', username.slice(0, 60)]);
    await recordAudit(db, { action: 'auth.login', outcome: 'failure', username: username.slice(0, 60), ip: client.ip, detail: { reason } });
    throw new AppError(401, 'invalid_credentials');
  };

  return {
    /** Checks the password; locks after repeated failures; issues a new session on success. */
    async login(body: z.infer<typeof loginSchema>, client: ClientInfo): Promise<IssuedSession> {
      const username = body.username.trim().toLowerCase();
      if (await tooManyFromAddress(db, client.ip, config)) {
        await recordAudit(db, {
          action: 'auth.login',
          outcome: 'denied',
          username: username.slice(0, 60),
          ip: client.ip,
          detail: { reason: 'rate_limited' },
        });
        throw new AppError(429, 'rate_limited');
      }
      const [user] = await db.query<{ id: number; passwordHash: string; disabled: boolean; locked: boolean }>(sql.SELECT_USER_FOR_LOGIN, [
        username,
      ]);
      if (!user) {
        // Same work as for a real account, so response time does not reveal which usernames exist.
        await verifyPassword(await dummyPasswordHash(), body.password);
        return fail(client, username, 'unknown_user');
      }
      if (user.locked) {
        await recordAudit(db, {
          action: 'auth.login',
          outcome: 'denied',
          username,
          objectType: 'user',
          objectId: String(user.id),
          ip: client.ip,
          detail: { reason: 'locked' },
        });
        throw new AppError(423, 'account_locked', { minutes: config.lockoutMinutes });
      }
      const ok = await verifyPassword(user.passwordHash, body.password);
      if (!ok || user.disabled) {
        if (!ok) {
          const [after] = await db.query<{ failedLogins: number; locked: boolean }>(sql.RECORD_USER_FAILURE, [
            user.id,
            config.loginMaxFailures,
            config.lockoutMinutes,
          ]);
          if (after!.locked) {
            await recordAudit(db, {
              action: 'auth.lockout',
              outcome: 'success',
              username,
              objectType: 'user',
              objectId: String(user.id),
              ip: client.ip,
              detail: { failures: after!.failedLogins },
            });
          }
        }
        return fail(client, username, ok ? 'disabled' : 'wrong_password');
      }
      await db.query(sql.RESET_USER_FAILURES, [user.id]);
      const session = await issueSession(db, { userId: user.id }, config, client);
      await recordAudit(db, { action: 'auth.login', outcome: 'success', viewer: { userId: user.id, name: username }, ip: client.ip });
      return session;
    },

    /** Revokes the session and drops its sockets. */
    async logout(viewer: Viewer, client: ClientInfo): Promise<void> {
      await revokeSession(db, viewer.sessionId);
      hub.dropSessions([viewer.sessionId]);
      await recordAudit(db, { action: 'auth.logout', outcome: 'success', viewer, ip: client.ip });
    },

    /** Replaces the password (the one-time one included) and signs out every other session. */
    async changePassword(viewer: Viewer, body: z.infer<typeof passwordSchema>, client: ClientInfo): Promise<void> {
      if (viewer.userId === null) throw new AppError(403, 'forbidden');
      const [row] = await db.query<{ passwordHash: string }>(sql.SELECT_PASSWORD_HASH, [viewer.userId]);
      if (!row || !(await verifyPassword(row.passwordHash, body.current))) {
        await recordAudit(db, { action: 'auth.password', outcome: 'failure', viewer, ip: client.ip, detail: { reason: 'wrong_current' } });
        throw new AppError(401, 'invalid_credentials');
      }
      const next = body.next;
      if (
        next.length < PASSWORD_LENGTH.min ||
        next.length > PASSWORD_LENGTH.max ||
        next.toLowerCase() === viewer.name ||
        next === body.current
      ) {
        throw new AppError(400, 'weak_password', { ...PASSWORD_LENGTH }, 'next');
      }
      await db.query(sql.UPDATE_PASSWORD, [viewer.userId, await hashPassword(next)]);
      hub.dropSessions(await revokeUserSessions(db, viewer.userId, viewer.sessionId));
      await auditSuccess(db, viewer, client, 'auth.password', ['user', String(viewer.userId)]);
    },

    /** Exchanges a wall token for a device session (the token is used once per display, then the cookie carries on). */
    async openWall(body: z.infer<typeof wallExchangeSchema>, client: ClientInfo): Promise<IssuedSession> {
      if (await tooManyFromAddress(db, client.ip, config)) throw new AppError(429, 'rate_limited');
      const [token] = await db.query<{ id: number; name: string }>(sql.SELECT_WALL_TOKEN, [hashToken(body.token)]);
      if (!token) {
        await db.query(sql.INSERT_LOGIN_FAILURE, [client.ip ?? 'unknown', null]);
        await recordAudit(db, { action: 'wall.open', outcome: 'failure', ip: client.ip, detail: { reason: 'invalid_token' } });
        throw new AppError(401, 'invalid_wall_token');
      }
      await db.query(sql.TOUCH_WALL_TOKEN, [token.id]);
      const session = await issueSession(db, { wallTokenId: token.id }, config, client);
      await recordAudit(db, {
        action: 'wall.open',
        outcome: 'success',
        viewer: { userId: null, name: `wall:${token.id}` },
        objectType: 'wall_token',
        objectId: String(token.id),
        ip: client.ip,
      });
      return session;
    },
  };
}

/** The sign-in service's type. */
export type SignIn = ReturnType<typeof createSignIn>;
