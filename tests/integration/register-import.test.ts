import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { toXlsx } from '../../server/files/export-xlsx.ts';
import { makeIdNumber } from '../../geodata/id-number.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['户号', '姓名', '身份证号', '手机号码', '性别', '出生日期', '户籍类型', '地址', '经度', '纬度', '重点人群'];

interface Report {
  rows: number;
  valid: number;
  invalid: number;
  errors: { line: number; field: string; reason: string }[];
  newHouseholds: number;
  newResidents: number;
  updatedResidents: number;
  newMemberships: number;
}

let base: string;
let commander: Session;
let leader: Session;
let worker: Session;
let wall: Session;
let community: string;
let buildings: { id: number; name: string; grid: string }[];
let sequence = 0;

/** A fresh, valid ID number that no generated register holds (division 710000 is never generated). */
const newId = (birth = '1961-05-04', gender: 'M' | 'F' = 'M') => makeIdNumber('710000', birth, gender, sequence++);

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csv = (rows: string[][]) => strToU8(`\uFEFF${[HEADERS, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`);

const upload = async (s: Session, bytes: Uint8Array, type = 'text/csv', name = 'register.csv') => {
  const res = await fetch(`${base}/api/registers/imports?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': type },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** Everything an import could touch, so a refused one can be shown to have changed nothing. */
const snapshot = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM households)::int AS households,
            (SELECT md5(string_agg(id || ':' || size, ',' ORDER BY id)) FROM households) AS sizes,
            (SELECT md5(string_agg(id || ':' || coalesce(name, '') || ':' || coalesce(phone, '') || ':' || household_id, ',' ORDER BY id)) FROM residents) AS residents,
            (SELECT count(*) FROM key_group_members)::int AS members`,
  );
  return row;
};

const importRows = async (s: Session, rows: string[][], excludeInvalid?: boolean) => {
  const up = await upload(s, csv(rows));
  expect(up.status).toBe(201);
  const mapping = up.body.suggested;
  const check = await s.request('POST', `/api/registers/imports/${up.body.id}/check`, { mapping });
  const commit = await s.request('POST', `/api/registers/imports/${up.body.id}/commit`, {
    mapping,
    ...(excludeInvalid === undefined ? {} : { excludeInvalid }),
  });
  return { id: up.body.id as number, mapping, check: check.body as Report, commit };
};

beforeAll(async () => {
  const server = await sharedServer();
  base = server.url;
  const [c] = await server.db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 1");
  community = c!.code;
  buildings = await server.db.query(
    `WITH unique_names AS (SELECT name FROM buildings GROUP BY name HAVING count(*) = 1)
     SELECT b.id, b.name, k.grid_code AS grid FROM buildings b JOIN unique_names u ON u.name = b.name
       JOIN blocks k ON k.id = b.block_id JOIN grids g ON g.code = k.grid_code
     WHERE g.parent_code = $1 AND b.kind = 'residential'
     ORDER BY b.id LIMIT 3`,
    [community],
  );
  await ensureTestUser(server.db, 'import-commander', 'commander', await rootCode());
  await ensureTestUser(server.db, 'import-leader', 'leader', community);
  const [g] = await server.db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' AND parent_code = $1 LIMIT 1", [
    community,
  ]);
  await ensureTestUser(server.db, 'import-worker', 'worker', g!.code);
  await ensureTestUser(server.db, 'import-wall', 'wall', await rootCode());
  commander = await signIn(base, 'import-commander');
  leader = await signIn(base, 'import-leader');
  worker = await signIn(base, 'import-worker');
  wall = await signIn(base, 'import-wall');
});

describe('register import', () => {
  it('uploads a CSV, suggests a mapping, previews masked cells, checks every row and commits them all in one go', async () => {
    const [a, b] = buildings;
    const rows = [
      ['H1', '王秀英', newId('1941-03-07', 'F'), '13800138000', '女', '1941-03-07', '户籍', `${a!.name}1单元9901室`, '', '', '独居老人'],
      ['H2', '赵建国', newId('1978-10-01', 'M'), '', '男', '', '流动', `${b!.name}2单元9902室`, '', '', ''],
      ['H2', '赵小雨', newId('2012-06-30', 'F'), '', '女', '', '流动', `${b!.name}2单元9902室`, '', '', '留守儿童'],
    ];
    const up = await upload(leader, csv(rows));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'csv', rows: 3, headers: HEADERS });
    expect(up.body.suggested).toMatchObject({ householdRef: 0, name: 1, idNumber: 2, address: 7, lon: 8, lat: 9, keyGroups: 10 });
    expect(JSON.stringify(up.body.preview)).not.toContain('王秀英');
    expect((up.body.preview as string[][])[0]![1]).toBe('王*英');

    const before = await snapshot();
    const check = await leader.request('POST', `/api/registers/imports/${up.body.id}/check`, { mapping: up.body.suggested });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ rows: 3, valid: 3, invalid: 0, newHouseholds: 2, newResidents: 3, newMemberships: 2 });
    expect(await snapshot()).toEqual(before);

    const commit = await leader.request('POST', `/api/registers/imports/${up.body.id}/commit`, { mapping: up.body.suggested });
    expect(commit.status).toBe(200);
    const { db } = await sharedServer();
    const placed = await db.query<{ name: string; grid: string; cell: string; staff: number | null; size: number }>(
      `SELECT r.name, h.grid_code AS grid, leaf_cell_of(h.geom) AS cell, h.size,
         (SELECT m.responsible_staff_id FROM key_group_members m WHERE m.resident_id = r.id) AS staff
       FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id_number = ANY($1) ORDER BY r.name`,
      [rows.map((r) => r[2])],
    );
    expect(placed.map((p) => p.name).sort()).toEqual(['王秀英', '赵小雨', '赵建国'].sort());
    for (const p of placed) expect(p.grid).toBe(p.cell);
    expect(placed.find((p) => p.name === '王秀英')!.staff).not.toBeNull();
    expect(placed.find((p) => p.name === '赵建国')!.size).toBe(2);
    const [audit] = await db.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_log WHERE action = 'people.import' ORDER BY id DESC LIMIT 1",
    );
    expect(audit!.detail).toMatchObject({ rows: 3, newResidents: 3, newMemberships: 2 });
    expect(JSON.stringify(audit!.detail)).not.toContain('王秀英');
    const [kept] = await db.query<{ n: number }>('SELECT length(bytes)::int AS n FROM register_imports WHERE id = $1', [up.body.id]);
    expect(kept!.n).toBe(0);
    // Every record written says which import wrote it.
    const traced = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM residents r JOIN households h ON h.id = r.household_id
       WHERE r.import_id = $1 AND h.import_id = $1`,
      [up.body.id],
    );
    expect(traced[0]!.n).toBe(3);
    // A committed import cannot be committed twice.
    expect((await leader.request('POST', `/api/registers/imports/${up.body.id}/commit`, { mapping: up.body.suggested })).status).toBe(404);
  });

  it('refuses a file with bad rows as a whole, reporting each with its reason, and changes nothing', async () => {
    const { db } = await sharedServer();
    const [existing] = await db.query<{ idNumber: string }>(
      'SELECT id_number AS "idNumber" FROM residents WHERE id_number IS NOT NULL LIMIT 1',
    );
    const good = newId();
    const twice = newId();
    const wrongCheck = newId();
    const rows = [
      ['H1', '钱一', good, '', '', '', '', `${buildings[0]!.name}1单元9911室`, '', '', ''],
      [
        'H2',
        '孙二',
        wrongCheck.slice(0, 17) + (wrongCheck[17] === '1' ? '2' : '1'),
        '',
        '',
        '',
        '',
        `${buildings[0]!.name}1单元9912室`,
        '',
        '',
        '',
      ],
      ['H3', '李三', makeIdNumber('710000', '2031-01-01', 'M', 1), '', '', '', '', `${buildings[0]!.name}1单元9913室`, '', '', ''],
      ['H4', '周四', twice, '', '', '', '', `${buildings[1]!.name}1单元9914室`, '', '', ''],
      ['H5', '周四', twice, '', '', '', '', `${buildings[1]!.name}1单元9915室`, '', '', ''],
      ['H6', '吴五', newId(), '', '', '', '', '', '121.5', '25.1', ''],
      ['H7', '郑六', existing!.idNumber, '', '', '', '', `${buildings[2]!.name}1单元9916室`, '', '', ''],
      ['H8', '=HYPERLINK("http://evil.example","点我")', newId(), '', '', '', '', `${buildings[2]!.name}1单元9917室`, '', '', ''],
      ['H9', '冯七', newId(), '', '', '', '', '火星基地1号楼', '', '', ''],
    ];
    const before = await snapshot();
    const { check, commit } = await importRows(leader, rows);
    expect(check).toMatchObject({ rows: 9, valid: 1, invalid: 8 });
    const reasons = Object.fromEntries(check.errors.map((e) => [e.line, e.reason]));
    expect(reasons[3]).toContain('校验位');
    expect(reasons[4]).toContain('晚于今天');
    expect(reasons[5]).toContain('多个户');
    expect(reasons[6]).toContain('多个户');
    expect(reasons[7]).toContain('不在任何网格内');
    expect(reasons[8]).toContain('已登记在其他户');
    expect(reasons[9]).toContain('公式注入');
    expect(reasons[10]).toContain('楼栋');
    expect(commit.status).toBe(422);
    expect((commit.body as { error: { code: string; message: string }; report: Report }).error.message).toContain('未导入任何数据');
    expect((commit.body as { report: Report }).report.invalid).toBe(8);
    expect(await snapshot()).toEqual(before);
  });

  it('imports only the good rows when the importer explicitly excludes the bad ones', async () => {
    const good = newId();
    const rows = [
      ['H1', '陈八', good, '', '', '', '', `${buildings[1]!.name}1单元9921室`, '', '', ''],
      ['H2', '褚九', '123', '', '', '', '', `${buildings[1]!.name}1单元9922室`, '', '', ''],
    ];
    const { commit } = await importRows(leader, rows, true);
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ newResidents: 1, excluded: 1 });
    const { db } = await sharedServer();
    expect(await db.query('SELECT 1 FROM residents WHERE id_number = $1', [good])).toHaveLength(1);
  });

  it('adds people to a household already registered at the address, and updates a person already there', async () => {
    const { db } = await sharedServer();
    const [h] = await db.query<{ id: number; address: string; size: number; idNumber: string; name: string }>(
      `SELECT h.id, h.address, h.size, r.id_number AS "idNumber", r.name FROM households h JOIN residents r ON r.household_id = h.id
       JOIN grids g ON g.code = h.grid_code WHERE g.parent_code = $1 AND h.address LIKE '%单元%' ORDER BY h.id LIMIT 1`,
      [community],
    );
    const baby = newId('2026-01-15', 'F');
    const { commit } = await importRows(leader, [
      ['', h!.name, h!.idNumber, '13900001111', '', '', '', h!.address, '', '', ''],
      ['', '新生儿', baby, '', '', '', '', h!.address, '', '', ''],
    ]);
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ newHouseholds: 0, newResidents: 1, updatedResidents: 1 });
    const [after] = await db.query<{ size: number; phone: string }>(
      'SELECT h.size, r.phone FROM households h JOIN residents r ON r.household_id = h.id WHERE h.id = $1 AND r.id_number = $2',
      [h!.id, h!.idNumber],
    );
    expect(after).toEqual({ size: h!.size + 1, phone: '13900001111' });
  });

  it('takes an XLSX the same way, and refuses one with 1,000,000 rows with the limit, storing nothing', async () => {
    const id = newId();
    const xlsx = await toXlsx(HEADERS, [['H1', '卫十', id, '', '', '', '', `${buildings[2]!.name}1单元9931室`, '', '', '']]);
    const up = await upload(leader, xlsx, XLSX, '登记表.xlsx');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'xlsx', rows: 1, fileName: '登记表.xlsx' });
    const check = await leader.request('POST', `/api/registers/imports/${up.body.id}/check`, { mapping: up.body.suggested });
    expect(check.body).toMatchObject({ valid: 1, newResidents: 1 });

    const { db } = await sharedServer();
    const [{ n: uploads }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM register_imports')) as [{ n: number }];
    const sheet = `<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>1</t></is></c></row>'.repeat(1_000_000)}</sheetData></worksheet>`;
    const huge = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet) }, { level: 1 });
    const before = await snapshot();
    const refused = await upload(leader, huge, XLSX, 'huge.xlsx');
    expect(refused.status).toBe(413);
    expect((refused.body as { error: { message: string } }).error.message).toContain('200000');
    expect(await snapshot()).toEqual(before);
    const [{ n: after }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM register_imports')) as [{ n: number }];
    expect(after).toBe(uploads);
  });

  it('refuses what is not a spreadsheet, a mapping without the required fields, and another account’s upload', async () => {
    expect((await upload(leader, strToU8('%PDF-1.4'), 'application/pdf')).status).toBe(415);
    const up = await upload(leader, csv([['H1', '某', newId(), '', '', '', '', '某地', '', '', '']]));
    const noName = await leader.request('POST', `/api/registers/imports/${up.body.id}/check`, { mapping: { idNumber: 2, address: 7 } });
    expect(noName.status).toBe(400);
    expect((await commander.request('POST', `/api/registers/imports/${up.body.id}/check`, { mapping: up.body.suggested })).status).toBe(
      404,
    );
  });

  it('is for the command centre and community leaders: a worker is refused and the refusal audited', async () => {
    const { db } = await sharedServer();
    const count = async () =>
      (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied'"))[0]!.n;
    const denied = await count();
    expect((await upload(worker, csv([]))).status).toBe(403);
    expect(await count()).toBe(denied + 1);
  });
});

describe('register export', () => {
  it('needs its own permission: the command centre exports, a leader and a wall are refused', async () => {
    expect((await leader.request('GET', `/api/residents/export?grid=${community}`)).status).toBe(403);
    expect((await wall.request('GET', `/api/residents/export?grid=${community}`)).status).toBe(403);
  });

  it('writes a masked CSV, escapes formulas, and audits the row count', async () => {
    const { db } = await sharedServer();
    const [victim] = await db.query<{ id: number; name: string; grid: string }>(
      'SELECT r.id, r.name, h.grid_code AS grid FROM residents r JOIN households h ON h.id = r.household_id ORDER BY r.id LIMIT 1',
    );
    // A name that arrived before import checks existed, as a legacy register might hold.
    await db.query('UPDATE residents SET name = $2 WHERE id = $1', [victim!.id, '=HYPERLINK("http://evil.example","x")']);
    try {
      const res = await fetch(`${base}/api/residents/export?grid=${victim!.grid}`, { headers: { Cookie: commander.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await res.arrayBuffer());
      // The byte-order mark makes Excel read the file as UTF-8 rather than GBK.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      const lines = text.split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^户编号,姓名,身份证号/);
      const rows = lines.length - 1;
      expect(text).toMatch(/(^|,)'=\*+\)/m);
      expect(text).not.toMatch(/(^|,)=/m);
      for (const line of lines.slice(1)) expect(line.split(',')[2]).toMatch(/^[0-9]{6}\*{8}[0-9X]{4}$/);
      const [audit] = await db.query<{ detail: { rows: number } }>(
        "SELECT detail FROM audit_log WHERE action = 'people.export' ORDER BY id DESC LIMIT 1",
      );
      expect(audit!.detail.rows).toBe(rows);

      const xlsx = await fetch(`${base}/api/residents/export?grid=${victim!.grid}&format=xlsx`, { headers: { Cookie: commander.cookie } });
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    } finally {
      await db.query('UPDATE residents SET name = $2 WHERE id = $1', [victim!.id, victim!.name]);
    }
  });
});
