import { zipSync } from 'fflate';
import os from 'node:os';
import { hashPassword } from '../server/auth/passwords.ts';
import { toWgs84 } from '../server/boundaries/files/crs.ts';
import { readUpload } from '../server/boundaries/files/read-upload.ts';
import { signIn, type Session } from '../server/cli/api-session.ts';
import { gdalFiles, hasGdal } from '../tests/support/gdal.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { BENCH_PASSWORD, benchServer } from './bench-server.ts';

/** The two deliveries of the same cells: longitude/latitude, and CGCS2000 / 3-degree GK CM 117E. */
const VARIANTS = [
  { name: 'WGS-84', epsg: 4326, crs: 'wgs84' },
  { name: 'EPSG:4548', epsg: 4548, crs: 'EPSG:4548' },
] as const;

interface Sample {
  ms: number;
  readMs: number;
  rssMb: number;
  heapMb: number;
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]!, total: s.reduce((a, b) => a + b, 0) };
};

/**
 * `npm run bench -- boundary-import [--communities N]` (PostGIS server; the county, 2,425 grids
 * under 247 communities): every community's grids exported, written by GDAL as a zipped Shapefile
 * in WGS-84 and as the same Shapefile in EPSG:4548, each uploaded and drafted through the API as an
 * operator would (an import holds one parent's cells), the two alternating; the time from upload to
 * draft, the server's reading and conversion alone, and its peak memory above the level before each
 * import (RSS and heap, sampled every 5 ms; client and server share the process).
 */
export async function run(argv: string[]): Promise<void> {
  if (!hasGdal()) throw new Error('boundary-import needs GDAL (apt-get install -y gdal-bin) to write the projected files');
  const args = benchArgs(argv);
  const { server } = await benchServer('postgres', 'boundary-import', { seedScale: 'county', seedHistoryDays: 0 });
  try {
    await server.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, area_code)
       SELECT 'bench-operator', 'bench', $1, 'operator', code FROM grids WHERE parent_code IS NULL`,
      [await hashPassword(BENCH_PASSWORD)],
    );
    const operator = await signIn(server.url, 'bench-operator', BENCH_PASSWORD);
    const parents = await server.db.query<{ code: string }>(
      "SELECT DISTINCT parent_code AS code FROM grids WHERE level = 'grid' ORDER BY parent_code",
    );
    const communities = parents.slice(0, Number(args.get('communities') ?? parents.length));
    console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
    const files = await writeFiles(
      operator,
      communities.map((c) => c.code),
    );
    const grids = files.reduce((n, f) => n + f.cells, 0);
    console.log(`${communities.length} communities, ${grids} grids, written by GDAL in both systems`);

    let rss = process.memoryUsage().rss;
    let heap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rss = Math.max(rss, m.rss);
      heap = Math.max(heap, m.heapUsed);
    }, 5);
    const samples = new Map<string, Sample[]>(VARIANTS.map((v) => [v.name, []]));
    try {
      for (const [i, file] of files.entries()) {
        // Alternating which goes first, so neither always meets a warm cache.
        const order = i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
        for (const v of order) {
          const bytes = file.zips.get(v.name)!;
          const readStart = performance.now();
          const { file: read } = await readUpload(bytes);
          toWgs84(read.features, v.crs, read.definition);
          const readMs = performance.now() - readStart;
          global.gc?.();
          const before = process.memoryUsage();
          rss = before.rss;
          heap = before.heapUsed;
          const start = performance.now();
          const up = await fetch(`${server.url}/api/boundaries/imports?name=${file.code}.zip`, {
            method: 'POST',
            headers: { Cookie: operator.cookie, 'X-CSRF-Token': operator.csrf, 'Content-Type': 'application/zip' },
            body: Buffer.from(bytes),
          });
          if (up.status !== 201) throw new Error(`${v.name} ${file.code}: upload ${up.status} ${await up.text()}`);
          const { id } = (await up.json()) as { id: number };
          const draft = await operator.request('POST', `/api/boundaries/imports/${id}/draft`, {
            parentCode: file.code,
            crs: v.crs,
            codeField: 'code',
            nameField: 'name',
          });
          if (draft.status !== 201) throw new Error(`${v.name} ${file.code}: draft ${draft.status} ${JSON.stringify(draft.body)}`);
          const { unchanged } = draft.body as { unchanged: string[] };
          if (unchanged.length !== file.cells) throw new Error(`${v.name} ${file.code}: ${unchanged.length} of ${file.cells} unchanged`);
          samples.get(v.name)!.push({
            ms: performance.now() - start,
            readMs,
            rssMb: (rss - before.rss) / 2 ** 20,
            heapMb: (heap - before.heapUsed) / 2 ** 20,
          });
        }
      }
    } finally {
      clearInterval(sampler);
    }
    const base = summary(samples.get('WGS-84')!.map((s) => s.ms));
    const baseRead = summary(samples.get('WGS-84')!.map((s) => s.readMs));
    for (const v of VARIANTS) {
      const s = samples.get(v.name)!;
      const t = summary(s.map((x) => x.ms));
      const r = summary(s.map((x) => x.readMs));
      const peak = summary(s.map((x) => x.rssMb));
      const heapPeak = summary(s.map((x) => x.heapMb));
      console.log(
        `${v.name.padEnd(9)} upload→draft p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, all ${(t.total / 1000).toFixed(1)} s (${(t.total / base.total).toFixed(2)}×);` +
          ` read+convert p50 ${r.p50.toFixed(2)} ms, all ${(r.total / 1000).toFixed(2)} s (${(r.total / baseRead.total).toFixed(2)}×);` +
          ` peak above before: RSS p50 ${peak.p50.toFixed(1)} MB, max ${peak.max.toFixed(1)} MB, heap max ${heapPeak.max.toFixed(1)} MB`,
      );
    }
    console.log('every draft empty: each re-import left all its cells unchanged (within 1 cm)');
  } finally {
    await server.close();
  }
}

/** Each community's grids as exported, and as GDAL writes them in each variant's system. */
async function writeFiles(operator: Session, codes: string[]) {
  const out: { code: string; cells: number; zips: Map<string, Uint8Array> }[] = [];
  for (const code of codes) {
    const exported = await operator.request('GET', `/api/boundaries/export?level=grid&parent=${code}`);
    const source = JSON.stringify(exported.body);
    const zips = new Map<string, Uint8Array>();
    for (const v of VARIANTS) {
      const shp = gdalFiles({ 'source.geojson': source }, [
        ['ogr2ogr', '-f', 'ESRI Shapefile', '-t_srs', `EPSG:${v.epsg}`, '-lco', 'ENCODING=UTF-8', 'grids.shp', 'source.geojson'],
      ]);
      zips.set(v.name, zipSync(Object.fromEntries(shp)));
    }
    out.push({ code, cells: (exported.body as { features: unknown[] }).features.length, zips });
  }
  return out;
}
