import path from 'node:path';
import { loadConfig } from '../config.ts';
import { restoreDatabase } from '../backup/backup-service.ts';
import { describeBackupError, describeCounts } from './backup-messages.ts';

/** `npm run restore -- FILE`: replaces the configured database with FILE's (the server stopped). */
const file = process.argv[2];
if (!file || file.startsWith('-')) {
  console.error('用法 / usage: npm run restore -- FILE   (先停止服务 / stop the server first)');
  process.exit(2);
}
restoreDatabase(loadConfig(), path.resolve(file)).then(
  ({ header, aside }) => {
    console.log(`已从 ${header.createdAt} 的备份恢复 / restored the backup of ${header.createdAt}`);
    console.log(`迁移级别 / migration level ${header.migrationLevel}; ${describeCounts(header.counts)}`);
    if (aside) console.log(`原数据目录保留在 / the previous data folder is kept at ${aside}`);
    console.log(
      '备份之后登录的用户需重新登录；墙面显示将自动刷新 / who signed in after the backup signs in again; walls reload by themselves',
    );
  },
  (err) => {
    console.error(`恢复失败，数据库未改动 / restore failed, the database is unchanged: ${describeBackupError(err)}`);
    process.exit(1);
  },
);
