import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/db.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import * as sql from './bootstrap-sql.ts';
import type { Role } from './permissions.ts';

/**
 * On a database without an administrator, creates `admin` over the whole district
 * with a random one-time password that must be changed at first sign-in; returns it (once).
 */
export async function ensureAdmin(db: Db): Promise<string | null> {
  if ((await db.query(sql.SELECT_ADMIN)).length > 0) return null;
  const [root] = await db.query<{ code: string }>(sql.SELECT_ROOT);
  if (!root) return null;
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(sql.INSERT_USER, ['admin', '系统管理员', hash, 'admin', root.code, true]);
    await recordAudit(tx, {
      action: 'user.create',
      outcome: 'success',
      username: 'system',
      objectType: 'user',
      objectId: String(row!.id),
      detail: { role: 'admin', bootstrap: true },
    });
  });
  return password;
}

/** A demo account: its role, the level of cell it is bound to, and its published password. */
interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** Which cell: the street office, or the first community or grid under it. */
  area: 'township' | 'community' | 'grid';
}

/** The demo seed's accounts, one per role (listed in the README; demo data only, never on a real deployment). */
const DEMO_USERS: DemoUser[] = [
  { username: 'commander', displayName: '街道指挥中心值班长', role: 'commander', area: 'township' },
  { username: 'leader', displayName: '社区书记', role: 'leader', area: 'community' },
  { username: 'operator', displayName: '网格划分操作员', role: 'operator', area: 'township' },
  { username: 'worker', displayName: '专职网格员', role: 'worker', area: 'grid' },
  { username: 'wall', displayName: '指挥中心大屏', role: 'wall', area: 'township' },
];

/** The published password of a demo account. */
export const demoPassword = (username: string): string => `gridline-${username}`;

/** Creates the demo accounts (idempotent). */
export async function createDemoUsers(db: Db): Promise<void> {
  for (const user of DEMO_USERS) {
    const [cell] = await db.query<{ code: string }>(sql.FIRST_CELL, [user.area]);
    if (!cell) continue;
    await db.query(sql.INSERT_USER, [
      user.username,
      user.displayName,
      await hashPassword(demoPassword(user.username)),
      user.role,
      cell.code,
      false,
    ]);
    if (user.role === 'worker') await db.query(sql.LINK_DEMO_WORKER, [user.username, cell.code]);
  }
}
