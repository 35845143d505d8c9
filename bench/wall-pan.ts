import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { signIn } from '../server/cli/api-session.ts';
import { ensureClientBuilt } from '../server/cli/client-build.ts';
import { loadConfig } from '../server/config.ts';
import { launchChromium } from '../tests/browser/chromium.ts';
import { signInAs, watchedPage } from '../tests/browser/pages.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { BENCH_PASSWORD, countyServer } from './bench-server.ts';

/** The size of an answer as JSON and as sent gzip-encoded to a client that asks for it. */
async function wireBytes(base: string, path: string): Promise<string> {
  const session = await signIn(base, 'bench', BENCH_PASSWORD);
  const size = (encoding: string | null) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}${path}`,
        { headers: { Cookie: session.cookie, ...(encoding ? { 'Accept-Encoding': encoding } : {}) } },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
        },
      );
      req.on('error', reject);
      req.end();
    });
  const [plain, zipped] = [await size(null), await size('gzip')];
  return `${(plain / 1e6).toFixed(2)} MB as JSON, ${(zipped / 1e3).toFixed(0)} KB gzipped (${((zipped / plain) * 100).toFixed(0)} %)`;
}

/** Frames of one panning run, after a few to warm up. */
const FRAMES = 90;
const WARM = 10;

/**
 * Pans the wall's map by `step` pixels a frame, back and forth, and returns the time between
 * frames in milliseconds: what a commander dragging the map sees, every layer drawn.
 */
const panFrames = ({ frames, step }: { frames: number; step: number }): Promise<number[]> =>
  new Promise((resolve) => {
    const map = window.__gridline!.map;
    const times: number[] = [];
    let last = performance.now();
    let i = 0;
    const tick = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      if (++i > frames) return resolve(times.slice(1));
      map.panBy([Math.floor(i / 15) % 2 === 0 ? step : -step, 0], { animate: false });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

/**
 * `npm run bench -- wall-pan [--days 30] [--size 1920x1080] [--shots DIR] [--breakdown] [--levels grid,…]`: the wall with the county (2,425
 * grids, the open cases of `--days` of generated history, the response-time layer on) in Debian's
 * Chromium with SwiftShader; frame times while panning at each level against the same map emptied
 * of every layer, in the same run.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const days = Number(args.get('days') ?? 30);
  /** A folder to save a screenshot of each level to, for looking at what was measured. */
  const shots = args.get('shots') ?? '';
  /** Also time the finest level with its parts taken away one after another. */
  const breakdown = args.has('breakdown');
  const [width, height] = (args.get('size') ?? '1920x1080').split('x').map(Number) as [number, number];
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  // Built first: the server serves the client only if it finds it at start.
  await ensureClientBuilt(loadConfig({}).clientDir, () => undefined);
  const t0 = performance.now();
  const { server, open, written } = await countyServer('gridline_bench_wall', days);
  console.log(
    `county with ${written} incidents over ${days} days loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${open} open cases`,
  );
  for (const level of ['grid', 'community'])
    console.log(`/api/grids?level=${level}: ${await wireBytes(server.url, `/api/grids?level=${level}`)}`);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width, height } });
    const { page, gl } = await watchedPage(context, server.url);
    // tsx names the functions it compiles with a helper the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await signInAs(page, server.url, 'bench', BENCH_PASSWORD);
    const shown = await page.getAttribute('[data-testid="incidents-count"]', 'data-open');
    console.log(
      `wall at ${width}×${height}: ${shown} open cases counted, ${await page.evaluate(() => navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0])}`,
    );
    const all = await page.$$eval('[data-testid="level-switcher"] [data-level]', (els) => els.map((e) => e.getAttribute('data-level')!));
    const levels = args.has('levels') ? all.filter((l) => args.get('levels')!.split(',').includes(l)) : all;
    const rows: { name: string; p50: number; p99: number }[] = [];
    for (const level of levels) {
      await page.click(`[data-testid="level-switcher"] [data-level="${level}"]`);
      await page.waitForTimeout(1500);
      await page.evaluate(() => new Promise((r) => window.__gridline!.map.once('idle', r)));
      if (shots) await page.screenshot({ path: path.join(shots, `wall-pan-${level}-${width}x${height}.png`) });
      const times = (await page.evaluate(panFrames, { frames: FRAMES + WARM, step: 12 })).slice(WARM).sort((a, b) => a - b);
      rows.push({ name: level, p50: percentile(times, 50), p99: percentile(times, 99) });
    }
    // At the last (finest) level, what each part costs: layers taken away one group after another.
    const steps: [string, string[]][] = breakdown
      ? [
          ['  without deck.gl', ['deck']],
          ['  and grid lines', ['deck', 'grid-line-', 'grid-selected-']],
          ['  and grid fills', ['deck', 'grid-line-', 'grid-selected-', 'grid-fill-']],
        ]
      : [];
    if (breakdown) {
      // Round joins add a fan of triangles at every vertex of every outline.
      await page.evaluate(() => {
        const map = window.__gridline!.map;
        for (const l of map.getStyle().layers) if (l.id.startsWith('grid-line-')) map.setLayoutProperty(l.id, 'line-join', 'miter');
      });
      await page.waitForTimeout(1500);
      const times = (await page.evaluate(panFrames, { frames: FRAMES + WARM, step: 12 })).slice(WARM).sort((a, b) => a - b);
      rows.push({ name: '  miter joins', p50: percentile(times, 50), p99: percentile(times, 99) });
      await page.evaluate((level) => window.__gridline!.hideLayers([`grid-line-${level}`]), levels.at(-1)!);
      await page.waitForTimeout(500);
      const fewer = (await page.evaluate(panFrames, { frames: FRAMES + WARM, step: 12 })).slice(WARM).sort((a, b) => a - b);
      rows.push({ name: '  no active outlines', p50: percentile(fewer, 50), p99: percentile(fewer, 99) });
    }
    for (const [name, prefixes] of steps) {
      await page.evaluate((p) => window.__gridline!.hideLayers(p), prefixes);
      await page.waitForTimeout(500);
      const times = (await page.evaluate(panFrames, { frames: FRAMES + WARM, step: 12 })).slice(WARM).sort((a, b) => a - b);
      rows.push({ name, p50: percentile(times, 50), p99: percentile(times, 99) });
    }
    await page.evaluate(() => window.__gridline!.hideLayers(['']));
    await page.waitForTimeout(500);
    const empty = (await page.evaluate(panFrames, { frames: FRAMES + WARM, step: 12 })).slice(WARM).sort((a, b) => a - b);
    const base = { p50: percentile(empty, 50), p99: percentile(empty, 99) };
    console.log(`empty map          : p50 ${base.p50.toFixed(0).padStart(5)} ms, p99 ${base.p99.toFixed(0).padStart(5)} ms`);
    for (const r of rows)
      console.log(
        `${r.name.padEnd(19)}: p50 ${r.p50.toFixed(0).padStart(5)} ms, p99 ${r.p99.toFixed(0).padStart(5)} ms (${(r.p50 / base.p50).toFixed(2)}× the empty map)`,
      );
    if (gl.length) console.log(`WebGL warnings: ${gl.length}, first: ${gl[0]}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
