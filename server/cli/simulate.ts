import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { bbox, booleanPointInPolygon, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { createReportSampler, stepMinutes, weightedPicker } from '../seed/incident-history.ts';
import { createRng, type Rng } from '../../geodata/random.ts';
import { demoPassword } from '../auth/bootstrap.ts';
import { signIn, type Session } from './api-session.ts';

const USAGE = `usage: npm run simulate -- [options]
  --url URL        server to drive (default http://127.0.0.1:5180)
  --user NAME      account that reports and dispatches (default commander; demo password assumed)
  --password TEXT  its password, when not a demo account
  --rate N         new incidents per second (default 0.2)
  --minutes N      stop reporting after N minutes (default: run until Ctrl-C)
  --speed N        handling runs N times faster than real life (default 60: an hour's work takes a minute)
  --late SHARE     share of incidents nobody accepts, left to the dispatcher loop to escalate (default 0.08)
  --seed TEXT      random seed (default: the time)`;

/** The loop as a dispatcher and a handler walk it; each step waits for a time drawn from its limit. */
const WALK = ['accepted', 'dispatched', 'on_site', 'resolved', 'verified', 'closed'] as const;

type Cell = { code: string; weight: number; feature: Feature<Polygon | MultiPolygon>; box: number[] };
type Incident = { id: string; status: string; version: number; stepDeadline: string | null; updatedAt: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const beijingHour = () => new Date(Date.now() + 8 * 3_600_000).getUTCHours();
const stamp = () => new Date().toLocaleTimeString('zh-CN', { hour12: false });

/** A point inside the cell (rejection sampling in its box); the cell's label point after 50 misses. */
function pointIn(rng: Rng, cell: Cell): [number, number] {
  for (let i = 0; i < 50; i++) {
    const p: [number, number] = [rng.range(cell.box[0]!, cell.box[2]!), rng.range(cell.box[1]!, cell.box[3]!)];
    if (booleanPointInPolygon(point(p), cell.feature)) return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  }
  const props = cell.feature.properties as { labelLon: number; labelLat: number };
  return [props.labelLon, props.labelLat];
}

/** The cells incidents happen in, weighted by households, with a few hot spots. */
async function loadCells(api: Session, rng: Rng): Promise<Cell[]> {
  const levels = (await api.request('GET', '/api/levels')).body as { key: string; tilesParent: boolean; cellCount: number }[];
  const leaf = [...levels].reverse().find((l) => l.tilesParent && l.cellCount > 0);
  if (!leaf) throw new Error('the server has no district loaded');
  const grids = (await api.request('GET', `/api/grids?level=${leaf.key}`)).body as { features: Feature<Polygon | MultiPolygon>[] };
  const rows = (await api.request('GET', `/api/grids/${api.user.areaCode}/breakdown?level=${leaf.key}`)).body as {
    code: string;
    households: number;
  }[];
  const households = new Map(rows.map((r) => [r.code, r.households]));
  const cells = grids.features.map((f) => {
    const code = String((f.properties as { code: string }).code);
    return { code, weight: Math.max(10, households.get(code) ?? 0), feature: f, box: bbox(f) };
  });
  for (let i = 0; i < Math.max(1, Math.round(cells.length / 10)); i++) rng.pick(cells).weight *= 8;
  return cells;
}

/** POST or GET with the session, retrying after a 429 as the server asks. */
async function call(api: Session, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  for (;;) {
    const res = await api.request(method, path, body, headers);
    if (res.status !== 429) return res;
    await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
  }
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:5180' },
      user: { type: 'string', default: 'commander' },
      password: { type: 'string' },
      rate: { type: 'string', default: '0.2' },
      minutes: { type: 'string' },
      speed: { type: 'string', default: '60' },
      late: { type: 'string', default: '0.08' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return console.log(USAGE);
  const rate = Number(values.rate);
  const speed = Number(values.speed);
  const late = Number(values.late);
  if (!(rate > 0 && rate <= 1000)) throw new Error(`--rate must be above 0 and at most 1000\n${USAGE}`);
  if (!(speed >= 1 && speed <= 100_000)) throw new Error(`--speed must be between 1 and 100000\n${USAGE}`);
  if (!(late >= 0 && late <= 1)) throw new Error(`--late must be between 0 and 1\n${USAGE}`);
  const stopAt = values.minutes ? Date.now() + Number(values.minutes) * 60_000 : Infinity;

  const api = await signIn(values.url, values.user, values.password ?? demoPassword(values.user));
  const rng = createRng(values.seed ?? String(Date.now()));
  const cells = await loadCells(api, rng.fork('cells'));
  const pickCell = weightedPicker(cells, (c) => c.weight);
  const categories = (await api.request('GET', '/api/incident-categories')).body as {
    code: string;
    defaultColour: 'red' | 'orange' | 'yellow' | 'blue';
  }[];
  const sample = createReportSampler(categories);
  const counts = { reported: 0, closed: 0, escalated: 0, failed: 0, inFlight: 0 };
  console.log(`simulating at ${rate}/s against ${values.url} as ${values.user}, ${cells.length} grids, handling ×${speed}; Ctrl-C to stop`);

  /** Walks one incident to closed, waiting a drawn share of each step's limit (read from its deadline). */
  const handle = async (id: string, leaveLate: boolean) => {
    counts.inFlight++;
    try {
      let incident = (await call(api, 'GET', `/api/incidents/${id}`)).body as Incident;
      if (leaveLate) {
        // Nobody accepts: the server's dispatcher escalates it when the limit passes; the upper level then takes over.
        while (incident.status !== 'escalated') {
          await sleep(15_000);
          incident = (await call(api, 'GET', `/api/incidents/${id}`)).body as Incident;
        }
        counts.escalated++;
        console.log(`${stamp()} #${id} 超时上报上级 / escalated by the dispatcher loop`);
      }
      for (const to of WALK) {
        if (incident.status === 'closed') break;
        const limit = incident.stepDeadline ? (Date.parse(incident.stepDeadline) - Date.parse(incident.updatedAt)) / 60_000 : 60;
        await sleep((stepMinutes(rng, Math.max(1, limit)) * 60_000) / speed);
        const res = await call(api, 'POST', `/api/incidents/${id}/transitions`, { to, version: incident.version });
        if (res.status !== 204) {
          // Someone else moved it (the dispatcher loop, another console): read it again and go on from there.
          incident = (await call(api, 'GET', `/api/incidents/${id}`)).body as Incident;
          if (res.status !== 409) throw new Error(`transition to ${to} answered ${res.status}`);
          continue;
        }
        incident = (await call(api, 'GET', `/api/incidents/${id}`)).body as Incident;
      }
      if (incident.status === 'closed') counts.closed++;
    } catch (err) {
      counts.failed++;
      console.error(`${stamp()} #${id} ${(err as Error).message}`);
    } finally {
      counts.inFlight--;
    }
  };

  const report = async () => {
    const cell = pickCell(rng);
    const content = sample(rng, beijingHour());
    const [lon, lat] = pointIn(rng, cell);
    const res = await call(
      api,
      'POST',
      '/api/incidents',
      { location: { lon, lat }, ...content },
      { 'Idempotency-Key': `sim-${randomUUID()}` },
    );
    if (res.status !== 201) {
      counts.failed++;
      return console.error(`${stamp()} report refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
    counts.reported++;
    const { id } = res.body as { id: string };
    console.log(`${stamp()} #${id} ${content.colour} ${content.category} ${content.description}`);
    void handle(id, rng.chance(late));
  };

  const summary = setInterval(() => console.log(`${stamp()} — ${JSON.stringify(counts)}`), 30_000);
  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log('stopping reports; incidents in hand finish their loop (Ctrl-C again to quit now)');
  });
  while (!stopping && Date.now() < stopAt) {
    void report();
    await sleep((-Math.log(1 - rng.next()) / rate) * 1000);
  }
  while (counts.inFlight > 0 && !stopping) await sleep(1000);
  clearInterval(summary);
  console.log(`done — ${JSON.stringify(counts)}`);
  process.exit(0);
}

run().catch((err: unknown) => {
  console.error(`simulate failed: ${(err as Error).message}`);
  process.exit(1);
});
