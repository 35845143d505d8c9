// The cluster the fan-out benchmark drives: `npm start -- --workers N` on the benchmark database,
// intake limits lifted so the benchmark measures delivery, not the flood guard.
import { loadConfig } from '../server/config.ts';
import { runWorkers } from '../server/cluster/workers.ts';

const base = loadConfig();
const config = { ...base, seedHistoryDays: 0, intakePerSecond: 1e9, intakeBurst: 1e9 };
const started = await runWorkers(config, config.workers, (line) => console.error(line));
if (started) console.log(`LISTENING ${started.url}`);
