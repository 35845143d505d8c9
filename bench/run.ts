import { readdirSync } from 'node:fs';
import path from 'node:path';

/** `npm run bench -- <name> [options]`: runs bench/<name>.ts. */
const here = import.meta.dirname;
const names = readdirSync(here)
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      ![
        'run.ts',
        'bench-db.ts',
        'bench-server.ts',
        'boundary-fixture.ts',
        'boundary-area.ts',
        'editor-checks-entry.ts',
        'fanout-entry.ts',
        'deliveries.ts',
        'keep-alive-client.ts',
      ].includes(f),
  )
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [options]`);
  process.exit(2);
}
const bench = (await import(path.join(here, `${name}.ts`))) as { run: (argv: string[]) => Promise<void> };
await bench.run(rest);
