import os from 'node:os';
import { makeIdNumber } from '../geodata/id-number.ts';
import { benchArgs, type BenchBackend } from './bench-db.ts';
import { benchServer } from './bench-server.ts';

const HEADERS = ['户号', '姓名', '身份证号', '手机号码', '性别', '出生日期', '户籍类型', '地址', '重点人群'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'];

/**
 * A register of `rows` people in households of two or three, at addresses in the district's
 * buildings (by name, unit and room, as street offices write them), with valid ID numbers of a
 * division the demo never generates, and every elderly person over 80 on the 独居老人 list.
 */
function registerCsv(rows: number, buildings: string[]): Buffer {
  const lines = [HEADERS.join(',')];
  let household = 0;
  for (let i = 0; i < rows;) {
    const size = 2 + (household % 2);
    const building = buildings[household % buildings.length]!;
    const perBuilding = Math.floor(household / buildings.length);
    // Floors from 31 up, which the demo's buildings do not have: every household is a new one.
    const floor = 31 + (Math.floor(perBuilding / 4) % 60);
    const room = String(1 + (Math.floor(perBuilding / 240) % 99)).padStart(2, '0');
    const address = `${building}${1 + (perBuilding % 4)}单元${floor}${room}室`;
    for (let k = 0; k < size && i < rows; k++, i++) {
      const gender = i % 2 === 0 ? 'M' : 'F';
      // 28,999 days from 1940 on: with the sequence, every (birth date, sequence) pair is distinct.
      const birth = new Date(Date.UTC(1940, 0, 1) + (i % 28_999) * 86_400_000).toISOString().slice(0, 10);
      const name = `${SURNAMES[household % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
      const phone = `13${String(100_000_000 + i).slice(-9)}`;
      const elderly = birth < '1946';
      lines.push(
        [
          `B${household}`,
          name,
          makeIdNumber('710000', birth, gender, i),
          phone,
          gender === 'M' ? '男' : '女',
          birth,
          i % 5 === 0 ? '流动' : '户籍',
          address,
          elderly ? '独居老人' : '',
        ].join(','),
      );
    }
    household++;
  }
  return Buffer.from(`\uFEFF${lines.join('\n')}\n`);
}

/**
 * `npm run bench -- register-import [--rows 100000] [--backend postgres|pglite]`: uploads a register
 * of that many rows as CSV through the API, checks every row and commits it, printing rows/s of each
 * step and the server process's peak memory (RSS and heap, sampled every 10 ms) above its level before.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const rows = Number(args.get('rows') ?? 100_000);
  const backend = (args.get('backend') ?? 'postgres') as BenchBackend;
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const { server, commander } = await benchServer(backend, 'gridline_bench_import');
  try {
    const buildings = (
      await server.db.query<{ name: string }>(
        `SELECT b.name FROM buildings b WHERE b.kind = 'residential' AND b.name IN
           (SELECT name FROM buildings GROUP BY name HAVING count(*) = 1) ORDER BY b.id`,
      )
    ).map((b) => b.name);
    const csv = registerCsv(rows, buildings);
    console.log(
      `register-import ${backend}: ${rows} rows, ${(csv.length / 2 ** 20).toFixed(1)} MiB CSV over ${buildings.length} buildings`,
    );

    global.gc?.();
    const before = process.memoryUsage();
    const peak = { rss: before.rss, heap: before.heapUsed };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    }, 10);
    const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const out = await fn();
      const s = (performance.now() - t) / 1000;
      console.log(`register-import ${backend} ${label.padEnd(7)} ${s.toFixed(1)} s, ${Math.round(rows / s)} rows/s`);
      return out;
    };
    const headers = { Cookie: commander.cookie, 'X-CSRF-Token': commander.csrf };
    const t0 = performance.now();
    const up = await step('upload', async () => {
      const res = await fetch(`${server.url}/api/registers/imports?name=register.csv`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'text/csv' },
        body: new Uint8Array(csv),
      });
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { id: number; suggested: Record<string, number> };
    });
    const check = await step('check', async () => {
      const res = await commander.request('POST', `/api/registers/imports/${up.id}/check`, { mapping: up.suggested });
      if (res.status !== 200) throw new Error(`check answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as { valid: number; invalid: number; errors: unknown[] };
    });
    if (check.invalid > 0) throw new Error(`the generated register has bad rows: ${JSON.stringify(check.errors.slice(0, 3))}`);
    await step('commit', async () => {
      const res = await commander.request('POST', `/api/registers/imports/${up.id}/commit`, { mapping: up.suggested });
      if (res.status !== 200) throw new Error(`commit answered ${res.status}: ${JSON.stringify(res.body)}`);
    });
    const total = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const [imported] = await server.db.query<{ residents: number; households: number }>(
      `SELECT (SELECT count(*) FROM residents WHERE import_id = $1)::int AS residents,
              (SELECT count(*) FROM households WHERE import_id = $1)::int AS households`,
      [up.id],
    );
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `register-import ${backend} total   ${total.toFixed(1)} s, ${Math.round(rows / total)} rows/s; ${imported!.residents} residents in ${imported!.households} new households`,
    );
    console.log(
      `register-import ${backend} memory  peak RSS ${mib(peak.rss)} (+${mib(peak.rss - before.rss)}), peak heap ${mib(peak.heap)} (+${mib(peak.heap - before.heapUsed)})`,
    );
  } finally {
    await server.close();
  }
}
