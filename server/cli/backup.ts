import path from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase } from '../backup/backup-service.ts';
import { describeBackupError, describeCounts } from './backup-messages.ts';

/** `npm run backup -- FILE`: the configured database (DATABASE_URL, else the embedded folder) into FILE. */
const file = process.argv[2];
if (!file || file.startsWith('-')) {
  console.error('用法 / usage: npm run backup -- FILE');
  process.exit(2);
}
backupDatabase(loadConfig(), path.resolve(file)).then(
  (header) => {
    console.log(`已备份到 / backed up to ${path.resolve(file)}`);
    console.log(`迁移级别 / migration level ${header.migrationLevel}; ${describeCounts(header.counts)}`);
  },
  (err) => {
    console.error(`备份失败 / backup failed: ${describeBackupError(err)}`);
    process.exit(1);
  },
);
