// A server in its own process, for the crash suite to kill with SIGKILL: it prints its address and runs until killed.
import { startServer } from '../../server/main.ts';
import { testConfig } from './test-server.ts';

const escalationSeconds = Number(process.env.CRASH_ESCALATION_SECONDS ?? 3600);
const dataDir = process.env.CRASH_DATA_DIR;
const server = await startServer(testConfig({ escalationSeconds, ...(dataDir ? { dataDir, databaseUrl: '' } : {}) }), (line) =>
  console.error(line),
);
console.log(`LISTENING ${server.url}`);
