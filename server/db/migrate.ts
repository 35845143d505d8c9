import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CREATE_LEDGER, INSERT_APPLIED, SELECT_APPLIED } from './db-sql.ts';
import type { Db } from './db.ts';

/** A migration that failed; the server refuses to start with this message. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** One numbered plain-SQL file of `migrations/`. */
interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `NNN_name.sql` files in version order; a gap or a duplicate number is an error. */
async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: MigrationFile[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new MigrationError(`migration file name "${file}" does not match NNN_name.sql`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    out.push({ version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`migrations must be numbered 1, 2, 3…; found ${m.version} at position ${i + 1}`);
  });
  return out;
}

/** The migration level this code brings a database to (the number of files in `dir`). */
export async function knownMigrationLevel(dir: string): Promise<number> {
  return (await readMigrations(dir)).length;
}

/**
 * Applies the migrations that have not run yet, each in its own transaction
 * together with its ledger row, so a failure leaves no trace of that file.
 * Returns the resulting migration level.
 */
export async function migrate(db: Db, dir: string): Promise<number> {
  const files = await readMigrations(dir);
  await db.exec(CREATE_LEDGER);
  const applied = await db.query<{ version: number; name: string; checksum: string }>(SELECT_APPLIED);
  for (const done of applied) {
    const file = files[done.version - 1];
    if (!file)
      throw new MigrationError(
        `the database has migration ${done.version} (${done.name}) that this code does not know; it is newer than the code`,
      );
    if (file.checksum !== done.checksum) {
      throw new MigrationError(
        `migration ${done.version} (${done.name}) was changed after it ran; add a new migration instead of editing it`,
      );
    }
  }
  for (const file of files.slice(applied.length)) {
    try {
      await db.transaction(async (tx) => {
        await tx.exec(file.sql);
        await tx.query(INSERT_APPLIED, [file.version, file.name, file.checksum]);
      });
    } catch (err) {
      throw new MigrationError(`migration ${file.version} (${file.name}) failed and was rolled back: ${(err as Error).message}`);
    }
  }
  return files.length;
}
