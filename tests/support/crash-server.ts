// A server in its own process, for the crash suite to kill with SIGKILL: it prints its address and runs until killed.
import { startServer } from '../../server/main.ts';
import { testConfig } from './test-server.ts';

const server = await startServer(testConfig({ escalationSeconds: 3600 }), () => undefined);
console.log(`LISTENING ${server.url}`);
