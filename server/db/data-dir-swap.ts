import { existsSync, renameSync } from 'node:fs';

/** The folder a restore builds the new embedded database in, and its name once complete and checked. */
export const restoreFolders = (dataDir: string) => ({ building: `${dataDir}.restore-new`, ready: `${dataDir}.restore-ready` });

/**
 * Finishes a restore interrupted between putting the old folder aside and moving the new one in:
 * without this the next start would find no folder and generate a fresh demo district instead.
 * Called under the folder's lock, before it is opened.
 */
export function finishInterruptedRestore(dataDir: string): void {
  const { ready } = restoreFolders(dataDir);
  if (!existsSync(dataDir) && existsSync(ready)) renameSync(ready, dataDir);
}
