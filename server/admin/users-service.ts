import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { ROLES } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import type { SessionHub } from '../auth/sign-in.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import * as sql from './users-sql.ts';

const gridCode = z.string().regex(/^[0-9]{12}(?:[0-9]{3})*$/);

/** Body of POST /api/admin/users (only these fields are accepted). */
export const createUserSchema = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{3,40}$/),
    displayName: z.string().trim().min(1).max(60),
    role: z.enum(ROLES),
    areaCode: gridCode,
  })
  .strict();

/** Body of PATCH /api/admin/users/:id (only these fields are accepted). */
export const updateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(60).optional(),
    role: z.enum(ROLES).optional(),
    areaCode: gridCode.optional(),
    disabled: z.boolean().optional(),
    /** The member of staff this account belongs to (null unlinks): the responsible worker of key-group members. */
    staffId: z.number().int().positive().nullable().optional(),
  })
  .strict();

/** A user as an administrator sees it. */
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
  staffId: number | null;
  staffName: string | null;
}

/** Account administration inside the administrator's area; every write is audited in its transaction. */
export function createUsersService(db: Db, hub: SessionHub) {
  const requireUser = async (viewer: Viewer, id: number) => {
    const [user] = await db.query<{ id: number; username: string; role: string; areaCode: string; disabled: boolean }>(
      sql.SELECT_USER_IN_AREA,
      [viewer.areaPath, id],
    );
    if (!user) throw new AppError(404, 'not_found');
    return user;
  };
  const requireAreaInScope = async (viewer: Viewer, code: string): Promise<void> => {
    if ((await db.query(sql.GRID_IN_AREA, [viewer.areaPath, code])).length === 0) throw new AppError(404, 'grid_not_found', { code });
  };
  return {
    list: (viewer: Viewer) => db.query<UserRow>(sql.LIST_USERS, [viewer.areaPath]),

    /** Creates an account with a one-time password, returned once. */
    async create(
      viewer: Viewer,
      body: z.infer<typeof createUserSchema>,
      client: ClientInfo,
    ): Promise<{ id: number; oneTimePassword: string }> {
      await requireAreaInScope(viewer, body.areaCode);
      const password = generatePassword();
      const hash = await hashPassword(password);
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(sql.INSERT_USER, [
          body.username,
          body.displayName,
          hash,
          body.role,
          body.areaCode,
          true,
        ]);
        if (!row) throw new AppError(409, 'username_taken', { username: body.username }, 'username');
        await recordAudit(tx, {
          action: 'user.create',
          outcome: 'success',
          viewer,
          objectType: 'user',
          objectId: String(row.id),
          ip: client.ip,
          detail: { role: body.role, areaCode: body.areaCode },
        });
        return { id: row.id, oneTimePassword: password };
      });
    },

    /** Changes role, area, name or disabled; a disabled user is signed out everywhere at once. */
    async update(viewer: Viewer, id: number, body: z.infer<typeof updateUserSchema>, client: ClientInfo): Promise<void> {
      const user = await requireUser(viewer, id);
      if (body.areaCode) await requireAreaInScope(viewer, body.areaCode);
      if (body.staffId) {
        const [staff] = await db.query<{ linkedUserId: number | null }>(sql.SELECT_STAFF_IN_AREA, [viewer.areaPath, body.staffId]);
        if (!staff) throw new AppError(404, 'not_found');
        if (staff.linkedUserId !== null && staff.linkedUserId !== id) throw new AppError(409, 'staff_taken', {}, 'staffId');
      }
      if (user.id === viewer.userId && (body.disabled === true || (body.role && body.role !== 'admin')))
        throw new AppError(403, 'forbidden');
      const dropped = await db.transaction(async (tx) => {
        await tx.query(sql.UPDATE_USER, [
          id,
          body.displayName ?? null,
          body.role ?? null,
          body.areaCode ?? null,
          body.disabled ?? null,
          body.staffId !== undefined,
          body.staffId ?? null,
        ]);
        await recordAudit(tx, {
          action: 'user.update',
          outcome: 'success',
          viewer,
          objectType: 'user',
          objectId: String(id),
          ip: client.ip,
          detail: body,
        });
        // Sockets joined rooms for the old role and area; they must reconnect (or stay out when disabled).
        if (body.disabled === true) return revokeUserSessions(tx, id);
        return [];
      });
      hub.dropSessions(dropped);
      if (body.role || body.areaCode || body.staffId !== undefined) hub.dropUser(id);
    },

    async unlock(viewer: Viewer, id: number, client: ClientInfo): Promise<void> {
      await requireUser(viewer, id);
      await db.transaction(async (tx) => {
        await tx.query(sql.UNLOCK_USER, [id]);
        await recordAudit(tx, {
          action: 'user.unlock',
          outcome: 'success',
          viewer,
          objectType: 'user',
          objectId: String(id),
          ip: client.ip,
        });
      });
    },

    /** Issues a new one-time password and signs the user out everywhere. */
    async resetPassword(viewer: Viewer, id: number, client: ClientInfo): Promise<{ oneTimePassword: string }> {
      await requireUser(viewer, id);
      const password = generatePassword();
      const hash = await hashPassword(password);
      const dropped = await db.transaction(async (tx) => {
        await tx.query(sql.RESET_PASSWORD, [id, hash]);
        await recordAudit(tx, {
          action: 'user.reset_password',
          outcome: 'success',
          viewer,
          objectType: 'user',
          objectId: String(id),
          ip: client.ip,
        });
        return revokeUserSessions(tx, id);
      });
      hub.dropSessions(dropped);
      return { oneTimePassword: password };
    },
  };
}
