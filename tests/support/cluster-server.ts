// `npm start -- --workers N` for the tests: the primary prints the shared address; each worker is a
// whole server on the PostGIS test database, joined to the others through Redis.
import { runWorkers } from '../../server/cluster/workers.ts';
import { testConfig } from './test-server.ts';

const env = process.env;
const config = testConfig({
  redisUrl: env.GRIDLINE_REDIS_URL ?? '',
  workers: Number(env.GRIDLINE_WORKERS ?? 1),
  worker: Number(env.GRIDLINE_WORKER ?? 1),
  port: Number(env.PORT ?? 0),
  seedHistoryDays: 0,
  // An hour: a sign-out must reach other processes' sockets through Redis, not through each one's re-check.
  socketRecheckSeconds: 3600,
  escalationSeconds: Number(env.CRASH_ESCALATION_SECONDS ?? 3600),
});
const started = await runWorkers(config, config.workers, (line) => console.error(line));
if (started) console.log(`LISTENING ${started.url}`);
