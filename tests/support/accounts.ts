import { hashPassword } from '../../server/auth/passwords.ts';
import type { Role } from '../../server/auth/permissions.ts';
import type { Db } from '../../server/db/db.ts';
import { signIn as signInAt } from '../../server/cli/api-session.ts';

/** The password every test account gets. */
export const TEST_PASSWORD = 'correct horse battery';

let hash: Promise<string> | null = null;

/** Creates (or finds) an account bound to a cell, optionally a member of staff's own; returns its id. */
export async function ensureTestUser(
  db: Db,
  username: string,
  role: Role,
  areaCode: string,
  staffId: number | null = null,
): Promise<number> {
  hash ??= hashPassword(TEST_PASSWORD);
  if (staffId !== null) await db.query('UPDATE users SET staff_id = NULL WHERE staff_id = $1 AND username <> $2', [staffId, username]);
  await db.query(
    `INSERT INTO users (username, display_name, password_hash, role, area_code, staff_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, area_code = EXCLUDED.area_code, staff_id = EXCLUDED.staff_id,
       disabled = false, failed_logins = 0, locked_until = NULL, must_change_password = false`,
    [username, `测试 ${username}`, await hash, role, areaCode, staffId],
  );
  const [row] = await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
  return row!.id;
}

export { sessionFrom, type Session } from '../../server/cli/api-session.ts';

/** Signs in through the real endpoint with the test password by default. */
export const signIn = (baseUrl: string, username: string, password = TEST_PASSWORD) => signInAt(baseUrl, username, password);
