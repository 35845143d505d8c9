import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import path from 'node:path';
import { lockDataDir } from './data-dir-lock.ts';
import { finishInterruptedRestore } from './data-dir-swap.ts';
import { DbUnavailableError, type Db, type Queryable } from './db.ts';
import { PING } from './db-sql.ts';

/**
 * Opens the embedded database in `dataDir` (or in memory for `memory://`).
 * PGlite is one connection, so transactions queue behind each other.
 */
export async function openPgliteDb(dataDir: string): Promise<Db> {
  let db: PGlite;
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  // Refused (DataDirBusyError) while another process has the folder.
  const release = onDisk ? lockDataDir(dataDir) : () => undefined;
  try {
    if (onDisk) {
      finishInterruptedRestore(dataDir);
      mkdirSync(dataDir, { recursive: true });
    }
    db = await PGlite.create({ dataDir, extensions: { postgis } });
    await db.query(PING);
  } catch (err) {
    release();
    throw new DbUnavailableError(
      `the embedded database in ${dataDir} cannot be opened (${(err as Error).message || String(err)}); ` +
        `if it is damaged, stop the server, delete that folder and start again (a fresh demo district is generated) / 数据目录可能已损坏：停止服务，删除该目录后重新启动`,
    );
  }
  const wrap = (q: PGlite | Transaction): Queryable => ({
    query: async (sql, params) => (await q.query(sql, params as unknown[] | undefined)).rows as never[],
    exec: async (script) => void (await q.exec(script)),
  });
  return {
    backend: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    // In-process: PGlite delivers notifications to its own listeners at commit, and never drops them.
    listen: async (channel, onNotify) => {
      const stop = await db.listen(channel, () => onNotify());
      return () => stop();
    },
    close: async () => {
      await db.close();
      release();
    },
  };
}
