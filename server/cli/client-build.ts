import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

function newestMtime(target: string): number {
  const s = statSync(target, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), s.mtimeMs);
}

/** True when the built client is missing or older than its sources. */
function clientBuildIsStale(clientDir: string): boolean {
  const built = statSync(path.join(clientDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  const sources = ['client', 'vite.config.ts', 'package-lock.json'].map((p) => newestMtime(path.join(PROJECT_ROOT, p)));
  return Math.max(...sources) > built.mtimeMs;
}

/** Builds the client with Vite when it is stale, so `npm start` alone is enough on a fresh clone. */
export async function ensureClientBuilt(clientDir: string, log: (line: string) => void): Promise<void> {
  if (!clientBuildIsStale(clientDir)) return;
  const started = Date.now();
  log('正在构建前端 / building the client…');
  const { build } = await import('vite');
  await build({
    configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: clientDir },
  });
  log(`前端已构建 / client built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
