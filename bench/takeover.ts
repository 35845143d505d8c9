import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/realtime/events.ts';
import type { TakeoverList } from '../server/takeovers/takeovers-contract.ts';
import { demoPassword } from '../server/auth/bootstrap.ts';
import { signIn } from '../server/cli/api-session.ts';
import { ensureClientBuilt } from '../server/cli/client-build.ts';
import { loadConfig } from '../server/config.ts';
import type { RunningServer } from '../server/main.ts';
import { launchChromium } from '../tests/browser/chromium.ts';
import { signInAs } from '../tests/browser/pages.ts';
import { benchArgs, percentile, type BenchBackend } from './bench-db.ts';
import { benchServer, reportSpots } from './bench-server.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run bench -- takeover [--backend postgres,pglite] [--reports 40] [--stack 1,20]`: how soon
 * a red report takes over a wall. One red report a second; for each, from the POST being sent:
 * the POST's answer, the incident's own push (the floor: every wall gets it anyway), the
 * takeover's push, and the takeover on the wall — its push and then the wall's
 * `GET /api/takeovers` answered, which is what draws the panel. `--stack` runs it with that many
 * takeovers open on the wall (1: each acknowledged before the next; 20: a stack to send too).
 * Aim: on the wall within a second; the ratio to the incident push says what the takeover adds.
 * `--browser 10` (the default; 0 skips it) then opens the commander's wall in Chromium (SwiftShader)
 * and times that many red reports from the POST being sent to the panel being in the page's DOM.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const backends = (args.get('backend') ?? 'postgres,pglite').split(',') as BenchBackend[];
  const reports = Number(args.get('reports') ?? 40);
  const stacks = (args.get('stack') ?? '1,20').split(',').map(Number);
  const inBrowser = Number(args.get('browser') ?? 10);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  for (const backend of backends) {
    for (const stack of stacks) await runOne(backend, reports, stack);
    if (inBrowser > 0) await runBrowser(backend, inBrowser);
  }
}

const fmt = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(s, 99).toFixed(0).padStart(4)} ms`;
};

/** A red report at a leaf grid of the area; returns the incident's id. */
async function reportRed(commander: Awaited<ReturnType<typeof signIn>>, spot: { lon: number; lat: number }, i: number): Promise<string> {
  const res = await commander.request(
    'POST',
    '/api/incidents',
    { location: { lon: spot.lon, lat: spot.lat }, category: 'emergency', channel: 'hotline', description: `bench ${i}` },
    { 'Idempotency-Key': `bench-${randomUUID()}` },
  );
  return (res.body as { id: string }).id;
}

/** The wall in Chromium: from the POST being sent to the takeover panel of that incident in the DOM. */
async function runBrowser(backend: BenchBackend, reports: number): Promise<void> {
  await ensureClientBuilt(loadConfig({}).clientDir, () => undefined);
  const { server } = await benchServer(backend, 'gridline_bench_takeover');
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    // The page notes when each panel appears, on the same clock (Date.now) the POST is timed with.
    await page.addInitScript(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __takeoverSeen: typeof seen }).__takeoverSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll<HTMLElement>('[data-incident-id]')) seen[el.dataset.incidentId!] ??= Date.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await signInAs(page, server.url, 'commander');
    const commander = await signIn(server.url, 'commander', demoPassword('commander'));
    const spots = await areaSpots(server, commander.user.areaCode);
    const times: number[] = [];
    for (let i = 0; i < reports; i++) {
      const sent = Date.now();
      const id = await reportRed(commander, spots[(i * 3) % spots.length]!, i);
      await page.waitForFunction((x) => (window as unknown as { __takeoverSeen: Record<string, number> }).__takeoverSeen[x], id, {
        timeout: 15_000,
      });
      const at = await page.evaluate((x) => (window as unknown as { __takeoverSeen: Record<string, number> }).__takeoverSeen[x]!, id);
      times.push(at - sent);
      const { takeovers } = (await commander.request('GET', '/api/takeovers')).body as TakeoverList;
      for (const t of takeovers) await commander.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version });
      await sleep(1500);
    }
    console.log(`\n${backend}, the commander's wall in Chromium (SwiftShader, 1920×1080), ${reports} red reports`);
    console.log(`  POST sent → panel in the DOM ${fmt(times)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function areaSpots(server: RunningServer, areaCode: string): Promise<{ lon: number; lat: number }[]> {
  return server.db.query(
    `SELECT ST_X(g.label_point) AS lon, ST_Y(g.label_point) AS lat FROM grids g JOIN grids a ON a.code = $1
     WHERE g.level = 'grid' AND g.path LIKE a.path || '.%' ORDER BY g.code`,
    [areaCode],
  );
}

async function runOne(backend: BenchBackend, reports: number, stack: number): Promise<void> {
  const { server, commander } = await benchServer(backend, 'gridline_bench_takeover');
  try {
    const spots = await reportSpots(server);
    const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    const socket: Client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: commander.cookie } });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const incidentAt = new Map<string, number>();
    const takeoverAt = new Map<string, number>();
    socket.on('incident:event', (e) => {
      if (e.topic === 'incident.created') incidentAt.set(String(e.incident.id), performance.now());
    });
    socket.on('takeover:event', (e) => {
      if (e.topic === 'takeover.raised' && e.takeover.areaCode === root!.code) takeoverAt.set(e.takeover.incidentId, performance.now());
    });
    const rows = { answer: [] as number[], incident: [] as number[], push: [] as number[], wall: [] as number[], list: [] as number[] };
    let missing = 0;
    for (let i = 0; i < reports; i++) {
      const spot = spots[(i * 7) % spots.length]!;
      const t0 = performance.now();
      const id = await reportRed(commander, spot, i);
      rows.answer.push(performance.now() - t0);
      const deadline = performance.now() + 10_000;
      while (!takeoverAt.has(id) && performance.now() < deadline) await sleep(1);
      if (!takeoverAt.has(id)) {
        missing++;
        continue;
      }
      const listStart = performance.now();
      const list = (await commander.request('GET', '/api/takeovers')).body as TakeoverList;
      const drawnAt = performance.now();
      if (!list.takeovers.some((t) => t.incident.id === id)) missing++;
      rows.push.push(takeoverAt.get(id)! - t0);
      rows.incident.push((incidentAt.get(id) ?? NaN) - t0);
      rows.list.push(drawnAt - listStart);
      rows.wall.push(drawnAt - t0);
      // Keep `stack` open: acknowledge the oldest beyond it, as a commander would.
      if (list.takeovers.length >= stack) {
        const oldest = list.takeovers[list.takeovers.length - 1]!;
        await commander.request('POST', `/api/takeovers/${oldest.id}/acknowledge`, { version: oldest.version });
      }
      await sleep(Math.max(0, 1000 - (performance.now() - t0)));
    }
    socket.close();
    const p50 = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    console.log(`\n${backend}, ${reports} red reports, ${stack} open on the wall`);
    console.log(`  POST answered              ${fmt(rows.answer)}`);
    console.log(`  incident push (floor)      ${fmt(rows.incident)}`);
    console.log(`  takeover push              ${fmt(rows.push)}`);
    console.log(`  GET /api/takeovers alone   ${fmt(rows.list)}`);
    console.log(`  takeover on the wall       ${fmt(rows.wall)}`);
    console.log(`  on the wall / incident push (p50): ${(p50(rows.wall) / p50(rows.incident)).toFixed(2)}×; missing ${missing}`);
  } finally {
    await server.close();
  }
}
