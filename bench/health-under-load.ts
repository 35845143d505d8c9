import { performance } from 'node:perf_hooks';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { hashPassword } from '../server/auth/passwords.ts';
import { writeShapefileZip } from '../server/boundaries/files/write-shapefile.ts';
import { signIn, type Session } from '../server/cli/api-session.ts';
import { benchArgs, percentile, type BenchBackend } from './bench-db.ts';
import { benchServer, reportSpots } from './bench-server.ts';

/**
 * Whether the server keeps answering `GET /api/health` within 100 ms while it is fed what the
 * hostile walk sends and the files that used to stall it: health is sampled every 25 ms, first
 * idle, then under a stream of hostile JSON (1 MB strings with NUL, nesting 20,000 deep,
 * prototype keys, wrong types), then under hostile files, each in its phase (a zipped Shapefile
 * declaring 5,000,000 records; a 23 MB register CSV of a million rows; a workbook of a million rows). Prints each phase's health latency and the
 * hostile requests' answers by class (a 5xx is a failure of the promise, not of the benchmark).
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const backend = (args.get('backend') ?? 'postgres') as BenchBackend;
  const seconds = Number(args.get('seconds') ?? 10);
  const { server, commander } = await benchServer(backend, 'bench_health_load');
  try {
    await server.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, area_code)
       SELECT 'bench-operator', 'bench', $1, 'operator', code FROM grids WHERE parent_code IS NULL`,
      [await hashPassword('bench password 2026')],
    );
    const operator = await signIn(server.url, 'bench-operator', 'bench password 2026');
    const [spot] = await reportSpots(server);
    const location = { lon: spot!.lon, lat: spot!.lat };

    // Bodies as text: the deep one overflows JSON.stringify itself.
    const json = [
      JSON.stringify({ description: `${'长'.repeat(300_000)}\u0000`, location, category: 'hazard', channel: 'hotline' }),
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"location":{"lon":"NaN","lat":[1]}}',
      JSON.stringify({ location: { lon: 1e308, lat: -1e308 }, category: 7, channel: null, description: ['x'] }),
    ];
    const post = (s: Session, path: string, body: BodyInit, type: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': type },
        body,
      }).then(async (r) => (await r.arrayBuffer(), r.status));

    const files = [hugeShapefile(), millionRowCsv(), millionRowXlsx()];
    const phases: { name: string; senders: number; send: (i: number) => Promise<number> }[] = [
      { name: 'idle', senders: 0, send: async () => 0 },
      {
        name: 'hostile JSON',
        senders: 4,
        send: (i) => post(commander, '/api/incidents', json[i % json.length]!, 'application/json'),
      },
      {
        name: 'Shapefile',
        senders: 2,
        send: () => post(operator, '/api/boundaries/imports?name=huge.zip', new Uint8Array(files[0]!), 'application/zip'),
      },
      {
        name: 'CSV',
        senders: 2,
        send: () => post(commander, '/api/registers/imports?name=huge.csv', new Uint8Array(files[1]!), 'text/csv'),
      },
      {
        name: 'XLSX',
        senders: 2,
        send: () => post(commander, '/api/registers/imports?name=huge.xlsx', new Uint8Array(files[2]!), XLSX),
      },
    ];
    console.log(
      `health-under-load ${backend}: ${seconds} s a phase; files ${files.map((f) => `${(f.length / 1e6).toFixed(1)} MB`).join(', ')}`,
    );
    for (const phase of phases) {
      const answers = new Map<string, number>();
      let stop = false;
      const senders = Array.from({ length: phase.senders }, async (_, k) => {
        for (let i = k; !stop; i += phase.senders) {
          const status = await phase.send(i).catch(() => 0);
          const cls = status === 0 ? 'failed' : `${String(status)[0]}xx`;
          answers.set(cls, (answers.get(cls) ?? 0) + 1);
        }
      });
      const latencies: number[] = [];
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/health`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 25));
      }
      stop = true;
      await Promise.all(senders);
      latencies.sort((a, b) => a - b);
      const under = latencies.filter((l) => l <= 100).length / latencies.length;
      const sent = [...answers].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
      console.log(
        `health-under-load ${backend} ${phase.name.padEnd(12)} health p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
          `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms, ` +
          `${(under * 100).toFixed(1)} % ≤ 100 ms (${latencies.length} samples); hostile requests: ${sent}`,
      );
    }
  } finally {
    await server.close();
  }
}

/** The hostile-input test's file: two records whose .dbf header declares 5,000,000. */
function hugeShapefile(): Uint8Array {
  const ring = [
    [117, 34],
    [117, 34.01],
    [117.01, 34.01],
    [117, 34],
  ];
  const shape = { type: 'MultiPolygon' as const, coordinates: [[ring]] };
  const attributes = { CODE: '370000000000001', NAME: '网格', LEVEL: 'grid', PARENT: '370000000000', VERSION: 1, AREA_KM2: 1 };
  const parts = unzipSync(
    writeShapefileZip('grids', [
      { geometry: shape, attributes },
      { geometry: shape, attributes },
    ]),
  );
  const dbf = Object.keys(parts).find((n) => n.endsWith('.dbf'))!;
  new DataView(parts[dbf]!.buffer, parts[dbf]!.byteOffset).setUint32(4, 5_000_000, true);
  return zipSync(parts);
}

/** The register-import test's workbook: a million one-cell rows, zipped to a few hundred KB. */
function millionRowXlsx(): Uint8Array {
  const sheet = `<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>1</t></is></c></row>'.repeat(1_000_000)}</sheetData></worksheet>`;
  return zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet) }, { level: 1 });
}

/** A register far over the row limit: a million short rows (23 MB, under the 32 MB upload limit). */
function millionRowCsv(): Uint8Array {
  const row = 'H,王,1,1,男,1,户籍\n';
  return Buffer.from(`户号,姓名,身份证号,手机号码,性别,出生日期,户籍类型\n${row.repeat(1_000_000)}`);
}
