import type { z } from 'zod';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import type { Viewer } from '../auth/scope.ts';
import { revokeUserSessions, type ClientInfo } from '../auth/sessions.ts';
import type { SessionHub } from '../auth/sign-in.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import type { createUserSchema, UserRow, updateUserSchema } from './admin-contract.ts';
import * as sql from './users-sql.ts';

/* Account administration inside the administrator's area; every write is audited in its transaction. */

async function requireUser(db: Queryable, viewer: Viewer, id: number) {
  const [user] = await db.query<{ id: number; username: string; role: string; areaCode: string; disabled: boolean }>(
    sql.SELECT_USER_IN_AREA,
    [viewer.areaPath, id],
  );
  if (!user) throw new AppError(404, 'not_found');
  return user;
}

async function requireAreaInScope(db: Queryable, viewer: Viewer, code: string): Promise<void> {
  if ((await db.query(sql.GRID_IN_AREA, [viewer.areaPath, code])).length === 0) throw new AppError(404, 'grid_not_found', { code });
}

/** The accounts inside the administrator's area. */
export const listUsers = (db: Queryable, viewer: Viewer): Promise<UserRow[]> => db.query<UserRow>(sql.LIST_USERS, [viewer.areaPath]);

/** Creates an account with a one-time password, returned once. */
export async function createUser(
  db: Db,
  viewer: Viewer,
  body: z.infer<typeof createUserSchema>,
  client: ClientInfo,
): Promise<{ id: number; oneTimePassword: string }> {
  await requireAreaInScope(db, viewer, body.areaCode);
  const password = generatePassword();
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(sql.INSERT_USER, [body.username, body.displayName, hash, body.role, body.areaCode, true]);
    if (!row) throw new AppError(409, 'username_taken', { username: body.username }, 'username');
    await auditSuccess(tx, viewer, client, 'user.create', ['user', String(row.id)], { role: body.role, areaCode: body.areaCode });
    return { id: row.id, oneTimePassword: password };
  });
}

/** Changes role, area, name, staff link or disabled; a disabled user is signed out everywhere at once. */
export async function updateUser(
  db: Db,
  hub: SessionHub,
  viewer: Viewer,
  id: number,
  body: z.infer<typeof updateUserSchema>,
  client: ClientInfo,
): Promise<void> {
  const user = await requireUser(db, viewer, id);
  if (body.areaCode) await requireAreaInScope(db, viewer, body.areaCode);
  if (body.staffId) {
    const [staff] = await db.query<{ linkedUserId: number | null }>(sql.SELECT_STAFF_IN_AREA, [viewer.areaPath, body.staffId]);
    if (!staff) throw new AppError(404, 'not_found');
    if (staff.linkedUserId !== null && staff.linkedUserId !== id) throw new AppError(409, 'staff_taken', {}, 'staffId');
  }
  if (user.id === viewer.userId && (body.disabled === true || (body.role && body.role !== 'admin'))) throw new AppError(403, 'forbidden');
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
    await auditSuccess(tx, viewer, client, 'user.update', ['user', String(id)], body);
    // Sockets joined rooms for the old role and area; they must reconnect (or stay out when disabled).
    if (body.disabled === true) return revokeUserSessions(tx, id);
    return [];
  });
  hub.dropSessions(dropped);
  if (body.role || body.areaCode || body.staffId !== undefined) hub.dropUser(id);
}

/** Clears failed sign-ins and the lock they set. */
export async function unlockUser(db: Db, viewer: Viewer, id: number, client: ClientInfo): Promise<void> {
  await requireUser(db, viewer, id);
  await db.transaction(async (tx) => {
    await tx.query(sql.UNLOCK_USER, [id]);
    await recordAudit(tx, { action: 'user.unlock', outcome: 'success', viewer, objectType: 'user', objectId: String(id), ip: client.ip });
  });
}

/** Issues a new one-time password and signs the user out everywhere. */
export async function resetPassword(
  db: Db,
  hub: SessionHub,
  viewer: Viewer,
  id: number,
  client: ClientInfo,
): Promise<{ oneTimePassword: string }> {
  await requireUser(db, viewer, id);
  const password = generatePassword();
  const hash = await hashPassword(password);
  const dropped = await db.transaction(async (tx) => {
    await tx.query(sql.RESET_PASSWORD, [id, hash]);
    await auditSuccess(tx, viewer, client, 'user.reset_password', ['user', String(id)]);
    return revokeUserSessions(tx, id);
  });
  hub.dropSessions(dropped);
  return { oneTimePassword: password };
}
