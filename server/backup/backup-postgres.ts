import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { openPgDb, SERVER_APPLICATION_NAME } from '../db/pg-db.ts';
import { SELECT_LEVEL } from '../db/db-sql.ts';
import { BackupError, encodeHeader, type BackupHeader } from './backup-file.ts';
import * as sql from './backup-sql.ts';

/** Waits for a child process; rejects with its stderr when it fails or cannot start. */
function finished(child: ReturnType<typeof spawn>, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new BackupError(`无法运行 ${name} / cannot run ${name}: ${err.message}`)));
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new BackupError(`${name} 失败 / ${name} failed (${signal ?? code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

/**
 * Dumps the database with pg_dump (custom format) into `file`, behind the header. Online: pg_dump
 * reads the snapshot the header's counts come from, so both describe one moment. Written beside the
 * file and renamed at the end, so an interrupted backup never leaves a file that looks whole.
 */
export async function backupPostgres(url: string, file: string): Promise<BackupHeader> {
  const db = await openPgDb(url);
  const partial = `${file}.partial`;
  try {
    return await db.transaction(async (tx) => {
      await tx.query(sql.SNAPSHOT);
      const [{ snapshot }] = (await tx.query<{ snapshot: string }>(sql.EXPORT_SNAPSHOT)) as [{ snapshot: string }];
      const [{ level }] = (await tx.query<{ level: number }>(SELECT_LEVEL)) as [{ level: number }];
      const [counts] = await tx.query<Record<string, number>>(sql.COUNTS);
      const header: BackupHeader = { backend: 'postgres', migrationLevel: level, createdAt: new Date().toISOString(), counts: counts! };
      const out = createWriteStream(partial);
      out.write(encodeHeader(header));
      const dump = spawn('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--dbname=${url}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      dump.stdout!.pipe(out);
      await Promise.all([finished(dump, 'pg_dump'), once(out, 'finish')]);
      await rename(partial, file);
      return header;
    });
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

/**
 * Replaces the database with a backup's, in one transaction: pg_restore turns the dump into SQL
 * and psql runs it after dropping the schema, with --single-transaction and ON_ERROR_STOP, so any
 * failure (a damaged file, a killed restore) leaves the database exactly as it was. Refused while
 * a gridline server is connected: it would keep serving what it had cached and fight for locks.
 */
export async function restorePostgres(url: string, file: string, header: BackupHeader, offset: number): Promise<void> {
  const db = await openPgDb(url);
  try {
    // A server stopped a moment ago may still be closing its connections: give them three seconds.
    let n = 0;
    for (let waited = 0; waited <= 3000; waited += 250) {
      [{ n }] = (await db.query<{ n: number }>(sql.SERVERS_CONNECTED, [SERVER_APPLICATION_NAME])) as [{ n: number }];
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (n > 0)
      throw new BackupError(
        `有 ${n} 个 gridline 服务连接仍在使用该数据库，请先停止服务 / ${n} connection(s) of a running gridline server still use the database: stop it first`,
      );
  } finally {
    await db.close();
  }
  const restore = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const psql = spawn('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '-v', 'ON_ERROR_STOP=1', `--dbname=${url}`], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const restored = finished(restore, 'pg_restore');
  const applied = finished(psql, 'psql');
  // psql may fail while pg_restore is still being awaited: handled here, still thrown where awaited below.
  applied.catch(() => undefined);
  // A refused write after psql stopped is reported through psql's own exit.
  psql.stdin!.on('error', () => undefined);
  restore.stdin!.on('error', () => undefined);
  createReadStream(file, { start: offset }).pipe(restore.stdin!);
  psql.stdin!.write(sql.REPLACE_SCHEMA);
  restore.stdout!.pipe(psql.stdin!, { end: false });
  try {
    await Promise.all([restored, once(restore.stdout!, 'end')]);
  } catch (err) {
    // psql commits only at the end of its input: ended without it, everything it ran rolls back.
    psql.kill('SIGKILL');
    await applied.catch(() => undefined);
    throw err;
  }
  psql.stdin!.end(sql.FINISH_RESTORE(header.migrationLevel));
  await applied;
}
