import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { dataDirHolder, DataDirBusyError, lockDataDir } from '../db/data-dir-lock.ts';
import { restoreFolders } from '../db/data-dir-swap.ts';
import { SELECT_LEVEL } from '../db/db-sql.ts';
import { BackupError, encodeHeader, type BackupHeader } from './backup-file.ts';
import * as sql from './backup-sql.ts';

async function openFolder(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { postgis }, ...(loadDataDir ? { loadDataDir } : {}) });
}

/**
 * Dumps the embedded database's folder (PGlite's own dump: its data folder as a gzipped tar). The
 * server must be stopped, since PGlite belongs to one process: the folder's lock is taken for the
 * dump, so a server cannot start meanwhile either.
 */
export async function backupPglite(dataDir: string, file: string): Promise<BackupHeader> {
  if (!existsSync(dataDir)) throw new BackupError(`数据目录 ${dataDir} 不存在 / the data folder ${dataDir} does not exist`);
  const release = lockDataDir(dataDir);
  const partial = `${file}.partial`;
  try {
    const db = await openFolder(dataDir);
    try {
      const [{ level }] = (await db.query<{ level: number }>(SELECT_LEVEL)).rows as [{ level: number }];
      const [counts] = (await db.query<Record<string, number>>(sql.COUNTS)).rows;
      const header: BackupHeader = { backend: 'pglite', migrationLevel: level, createdAt: new Date().toISOString(), counts: counts! };
      const dump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
      await writeFile(partial, Buffer.concat([encodeHeader(header), dump]));
      await rename(partial, file);
      return header;
    } finally {
      await db.close();
    }
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    release();
  }
}

/**
 * Replaces the embedded database with a backup's. The new database is built and checked in a
 * folder beside it, then swapped in by renames; the old folder is kept beside it (its path is
 * returned). Interrupted at any moment, either the old folder is still in place or the new one
 * is moved in at the next start (see data-dir-swap.ts).
 */
export async function restorePglite(dataDir: string, file: string, header: BackupHeader, offset: number): Promise<string | null> {
  const holder = dataDirHolder(dataDir);
  if (holder !== null) throw new DataDirBusyError(dataDir, holder);
  const release = lockDataDir(dataDir);
  const { building, ready } = restoreFolders(dataDir);
  try {
    await rm(building, { recursive: true, force: true });
    await rm(ready, { recursive: true, force: true });
    let db: PGlite;
    try {
      // Unpacked here, where a damaged file is a clear refusal (PGlite's own unpacking fails out of reach).
      const tar = gunzipSync((await readFile(file)).subarray(offset));
      db = await openFolder(building, new Blob([tar]));
    } catch (err) {
      throw new BackupError(`备份内容已损坏，无法载入 / the backup's content is damaged and cannot be loaded: ${(err as Error).message}`);
    }
    try {
      await db.transaction(async (tx) => void (await tx.exec(sql.FINISH_RESTORE(header.migrationLevel))));
    } finally {
      await db.close();
    }
    await rename(building, ready);
    let aside: string | null = null;
    if (existsSync(dataDir)) {
      aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(dataDir, aside);
    }
    await rename(ready, dataDir);
    return aside;
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    throw err;
  } finally {
    release();
  }
}
