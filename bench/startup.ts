import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';

/** Starts `npm start`'s entry on a data folder and resolves with the ms until it prints its URL. */
function timeStart(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server/cli/start.ts')], {
      env: { ...process.env, DATABASE_URL: '', PORT: '0', GRIDLINE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let readyMs: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (readyMs === null && /dashboard ready:\s+http/.test(out)) {
        readyMs = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // Wait for the exit so the next start finds the data folder released.
    child.once('exit', (code) =>
      readyMs !== null ? resolve(readyMs) : reject(new Error(`start exited with ${code} before it was ready:\n${out}`)),
    );
  });
}

/**
 * `npm run bench -- startup`: seconds from `npm start` to the printed URL on the embedded
 * database, first start (empty data folder: extension, migrations, demo seed) and later starts.
 * The client build is excluded (it is already built); `npm start` rebuilds only when sources change.
 */
export async function run(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gridline-bench-start-'));
  try {
    const first = await timeStart(path.join(dir, 'pglite'));
    const later: number[] = [];
    for (let i = 0; i < 3; i++) later.push(await timeStart(path.join(dir, 'pglite')));
    console.log(
      `startup embedded: first start ${(first / 1000).toFixed(1)} s; later starts ${later.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
