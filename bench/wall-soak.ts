import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from '../server/cli/client-build.ts';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { launchChromium } from '../tests/browser/chromium.ts';
import { signInAs, watchedPage } from '../tests/browser/pages.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { BENCH_PASSWORD, countyServer } from './bench-server.ts';

/** The page's JS heap after a full collection, its DOM node count and listeners, from the DevTools protocol. */
async function sample(page: Page): Promise<{ heapMb: number; nodes: number; listeners: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  await cdp.detach();
  return { heapMb: (m.get('JSHeapUsedSize') ?? 0) / 2 ** 20, nodes: m.get('Nodes') ?? 0, listeners: m.get('JSEventListeners') ?? 0 };
}

/** Frame times over `ms` of the idle wall (its pulses and clocks still drawing). */
const frames = (ms: number): Promise<number[]> =>
  new Promise((resolve) => {
    const times: number[] = [];
    const start = performance.now();
    let last = start;
    const tick = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      if (now - start < ms) requestAnimationFrame(tick);
      else resolve(times.slice(1));
    };
    requestAnimationFrame(tick);
  });

/**
 * `npm run bench -- wall-soak [--minutes 30] [--rate 0.2] [--days 30]`: the wall with the county
 * left running while `npm run simulate` reports and handles cases at `--rate` a second (the default
 * is some thirteen times the county's average of ~1,300 a day, a busy hour held for the whole run);
 * the page's heap after a collection, its DOM nodes and listeners at the start, every five minutes
 * and at the end, and the frames over 50 ms in ten seconds of idle drawing at the start and end.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const minutes = Number(args.get('minutes') ?? 30);
  const rate = Number(args.get('rate') ?? 0.2);
  const days = Number(args.get('days') ?? 30);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  await ensureClientBuilt(loadConfig({}).clientDir, () => undefined);
  const { server, open } = await countyServer('gridline_bench_soak', days);
  console.log(`county with ${days} days of history: ${open} open cases`);
  const browser = await launchChromium();
  const simulator = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'server/cli/simulate.ts'),
      '--url',
      server.url,
      '--user',
      'bench',
      '--password',
      BENCH_PASSWORD,
      '--rate',
      String(rate),
      '--minutes',
      String(minutes),
      '--seed',
      'soak',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const { page, gl, errors } = await watchedPage(context, server.url);
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await signInAs(page, server.url, 'bench', BENCH_PASSWORD);
    await page.waitForTimeout(5000);
    const slow = (t: number[]) => t.filter((x) => x > 50).length;
    const startFrames = await page.evaluate(frames, 10_000);
    const first = await sample(page);
    console.log(
      `start     : heap ${first.heapMb.toFixed(1)} MB, ${first.nodes} DOM nodes, ${first.listeners} listeners; ${startFrames.length} frames in 10 s, ${slow(startFrames)} over 50 ms`,
    );
    let last = first;
    // A sample every five minutes, the last at the end of the soak however long it is.
    const marks = [...Array.from({ length: Math.ceil(minutes / 5) - 1 }, (_, i) => (i + 1) * 5), minutes];
    for (const [i, m] of marks.entries()) {
      await page.waitForTimeout((m - (marks[i - 1] ?? 0)) * 60_000);
      last = await sample(page);
      const open = await page.getAttribute('[data-testid="incidents-count"]', 'data-open');
      console.log(
        `${String(m).padStart(3)} min   : heap ${last.heapMb.toFixed(1)} MB, ${last.nodes} DOM nodes, ${last.listeners} listeners; ${open} open on the wall`,
      );
    }
    const endFrames = (await page.evaluate(frames, 10_000)).sort((a, b) => a - b);
    console.log(
      `end       : ${endFrames.length} frames in 10 s, ${slow(endFrames)} over 50 ms, p50 ${percentile(endFrames, 50).toFixed(0)} ms`,
    );
    const growth = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
    console.log(
      `growth    : heap ${growth(first.heapMb, last.heapMb)}, DOM nodes ${growth(first.nodes, last.nodes)}, listeners ${growth(first.listeners, last.listeners)}`,
    );
    console.log(`page errors: ${errors.length}, WebGL warnings: ${gl.length}`);
  } finally {
    simulator.kill();
    await browser.close();
    await server.close();
  }
}
