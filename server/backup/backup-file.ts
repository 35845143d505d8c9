import { open } from 'node:fs/promises';

/**
 * A gridline backup is one file: a line naming the format, a line of JSON saying what is inside
 * (backend, migration level, when, how many of the main records), then the backend's own dump
 * (pg_dump's custom format, or PGlite's gzipped data folder). The header lets a restore refuse a
 * file it cannot take before touching anything.
 */
const MAGIC = 'GRIDLINE-BACKUP 1\n';
const MAX_HEADER = 64 * 1024;

export interface BackupHeader {
  backend: 'postgres' | 'pglite';
  /** The highest migration applied in the backed-up database. */
  migrationLevel: number;
  createdAt: string;
  /** Rows of the main tables, printed by backup and checked by restore. */
  counts: Record<string, number>;
}

/** A backup that cannot be restored here, with a message for the operator in both languages. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export const encodeHeader = (header: BackupHeader): Buffer => Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');

/** Pure: the header of a backup's first bytes and where its dump starts. */
export function decodeHeader(head: Buffer): { header: BackupHeader; offset: number } {
  const notOurs = () =>
    new BackupError('这不是 gridline 备份文件（文件头不符） / this is not a gridline backup (its first line is not GRIDLINE-BACKUP 1)');
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw notOurs();
  const end = head.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw notOurs();
  let header: BackupHeader;
  try {
    header = JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')) as BackupHeader;
  } catch {
    throw notOurs();
  }
  if ((header.backend !== 'postgres' && header.backend !== 'pglite') || !Number.isSafeInteger(header.migrationLevel)) throw notOurs();
  return { header, offset: end + 1 };
}

/** Reads the header of a backup file. */
export async function readHeader(file: string): Promise<{ header: BackupHeader; offset: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new BackupError(`无法读取备份文件 ${file} / cannot read the backup ${file}: ${(err as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(MAX_HEADER);
    const { bytesRead } = await handle.read(buf, 0, MAX_HEADER, 0);
    return decodeHeader(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Pure: why this code cannot restore a backup (null: it can). */
export function refusal(header: BackupHeader, backend: BackupHeader['backend'], knownLevel: number): string | null {
  if (header.migrationLevel > knownLevel)
    return (
      `备份来自更新的版本（迁移级别 ${header.migrationLevel}），本程序只到 ${knownLevel}：请先升级 gridline 再恢复 / ` +
      `the backup is from a newer version (migration level ${header.migrationLevel}) than this code knows (${knownLevel}): upgrade gridline first`
    );
  if (header.backend !== backend) {
    const name = (b: string) => (b === 'postgres' ? 'PostGIS 数据库 / a PostGIS server' : '内置数据库 / the embedded database');
    return `备份取自${name(header.backend)}，不能恢复到${name(backend)} / the backup was taken from ${name(header.backend)} and cannot be restored into ${name(backend)}`;
  }
  return null;
}
