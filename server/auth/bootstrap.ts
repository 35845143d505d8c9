import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/db.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import type { Role } from './permissions.ts';

const SELECT_ADMIN = `SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`;
const SELECT_ROOT = `SELECT code FROM grids WHERE parent_code IS NULL ORDER BY code LIMIT 1`;
const INSERT_USER = `
  INSERT INTO users (username, display_name, password_hash, role, area_code, must_change_password)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`;
/** The demo worker is the grid's full-time 网格员, so it sees the watch-list people it is responsible for. */
const LINK_DEMO_WORKER = `
  UPDATE users u SET staff_id = a.staff_id
  FROM (SELECT staff_id FROM staff_assignments WHERE grid_code = $2 AND duty = 'full_time' ORDER BY staff_id LIMIT 1) a
  WHERE u.username = $1 AND u.staff_id IS NULL`;

/**
 * On a database without an administrator, creates `admin` over the whole district
 * with a random one-time password that must be changed at first sign-in; returns it (once).
 */
export async function ensureAdmin(db: Db): Promise<string | null> {
  if ((await db.query(SELECT_ADMIN)).length > 0) return null;
  const [root] = await db.query<{ code: string }>(SELECT_ROOT);
  if (!root) return null;
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(INSERT_USER, ['admin', '系统管理员', hash, 'admin', root.code, true]);
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
export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** Which cell: the street office, or the first community or grid under it. */
  area: 'township' | 'community' | 'grid';
}

/** The demo seed's accounts, one per role (listed in the README; demo data only, never on a real deployment). */
export const DEMO_USERS: DemoUser[] = [
  { username: 'commander', displayName: '街道指挥中心值班长', role: 'commander', area: 'township' },
  { username: 'leader', displayName: '社区书记', role: 'leader', area: 'community' },
  { username: 'operator', displayName: '网格划分操作员', role: 'operator', area: 'township' },
  { username: 'worker', displayName: '专职网格员', role: 'worker', area: 'grid' },
  { username: 'wall', displayName: '指挥中心大屏', role: 'wall', area: 'township' },
];

/** The published password of a demo account. */
export const demoPassword = (username: string): string => `gridline-${username}`;

const FIRST_CELL = `SELECT code FROM grids WHERE level = $1 ORDER BY code LIMIT 1`;

/** Creates the demo accounts (idempotent). */
export async function createDemoUsers(db: Db): Promise<void> {
  for (const user of DEMO_USERS) {
    const [cell] = await db.query<{ code: string }>(FIRST_CELL, [user.area]);
    if (!cell) continue;
    await db.query(INSERT_USER, [
      user.username,
      user.displayName,
      await hashPassword(demoPassword(user.username)),
      user.role,
      cell.code,
      false,
    ]);
    if (user.role === 'worker') await db.query(LINK_DEMO_WORKER, [user.username, cell.code]);
  }
}
