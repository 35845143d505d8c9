import type * as EditorChecks from './editor-checks-entry.ts';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { launchChromium } from '../tests/browser/chromium.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { boundaryFixture, nudged } from './boundary-fixture.ts';

/**
 * `npm run bench -- editor-checks [--vertices 1000] [--n 500]`: the editor's instant checks
 * (client/editor/client-checks.ts: self-intersection, overlaps with 12 neighbours, outside the
 * parent, slivers) of a 1,000-vertex cell after each one-vertex change, in Debian's Chromium;
 * milliseconds per change against the 16.7 ms of a frame at 60 Hz.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const vertices = Number(args.get('vertices') ?? 1000);
  const n = Number(args.get('n') ?? 500);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const bundle = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(import.meta.dirname, 'editor-checks-entry.ts'), formats: ['iife'], name: 'checks' },
    },
  });
  const code = (Array.isArray(bundle) ? bundle[0]! : bundle) as { output: { code?: string }[] };
  const fixture = boundaryFixture([116.95, 34.78], vertices);
  const edits = Array.from({ length: n + 50 }, (_, i) => nudged(fixture.centre, i * 37, i));
  const overlaps = Array.from({ length: n + 50 }, (_, i) => nudged(fixture.centre, i * 37, i, 5));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<html><body></body></html>');
    // tsx names the functions it compiles with a helper the page does not have.
    await page.addScriptTag({ content: 'window.__name = (f) => f;' });
    await page.addScriptTag({ content: code.output[0]!.code! });
    const measured = await page.evaluate(
      ({ fixture, edits, overlaps }) => {
        const w = window as unknown as { checks: typeof EditorChecks };
        const { cells, indexes, parent } = w.checks.editorState(fixture);
        const time = (run: (i: number) => number) => {
          const times: number[] = [];
          let problems = 0;
          edits.forEach((_, i) => {
            const t0 = performance.now();
            problems += run(i);
            times.push(performance.now() - t0);
          });
          return { times: times.slice(50), problems };
        };
        return {
          // A shared vertex dragged: the neighbour follows, the edit is clean.
          shared: time((i) => w.checks.checkEdit(cells, indexes, parent, 'centre', edits[i]!).length),
          // A vertex dragged into a neighbour that does not follow: the overlap is measured and outlined.
          overlap: time((i) => w.checks.checkCell('centre', overlaps[i]!, indexes, parent).length),
          version: navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? '',
        };
      },
      { fixture, edits, overlaps },
    );
    console.log(`browser: ${measured.version}`);
    for (const [name, m] of [
      ['shared vertex moved (neighbour follows)', measured.shared],
      ['vertex pushed 5 m into a neighbour (overlap outlined)', measured.overlap],
    ] as const) {
      const sorted = [...m.times].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      console.log(
        `editor-checks ${vertices}-vertex cell among 12 neighbours, ${n} changes, ${name}: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (${(p99 / 16.7).toFixed(2)} of a 16.7 ms frame); problems ${m.problems}`,
      );
    }
  } finally {
    await browser.close();
  }
}
