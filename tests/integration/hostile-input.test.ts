import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';
import { unzipSync, zipSync } from 'fflate';
import { writeShapefileZip } from '../../server/boundaries/files/write-shapefile.ts';

let commander: Session;
let admin: Session;
let operator: Session;
let spot: { lon: number; lat: number };
let community: string;

/** Counts of what a refused request must not have changed. */
const counts = async () => {
  const { db } = await sharedServer();
  return (
    await db.query(
      'SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM change_sets)::int AS drafts',
    )
  )[0];
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  await ensureTestUser(db, 'hostile-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'hostile-admin', 'admin', await rootCode());
  [community] = (await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 1")).map(
    (r) => r.code,
  ) as [string];
  await ensureTestUser(db, 'hostile-operator', 'operator', community);
  commander = await signIn(url, 'hostile-commander');
  admin = await signIn(url, 'hostile-admin');
  operator = await signIn(url, 'hostile-operator');
  const [g] = await db.query<{ lon: number; lat: number }>(
    "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  spot = g!;
});

describe('a NUL character, which PostgreSQL cannot store in text', () => {
  it('is refused where it enters, naming the field, in the caller’s language, changing nothing', async () => {
    const { url } = await sharedServer();
    const before = await counts();
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline', 'Accept-Language': 'en' },
      body: JSON.stringify({ username: 'ad\u0000min', password: 'x' }),
    });
    expect(login.status).toBe(400);
    expect(((await login.json()) as { error: { param: string; message: string } }).error).toMatchObject({
      param: 'username',
      message: expect.stringContaining('NUL'),
    });
    const report = await commander.request(
      'POST',
      '/api/incidents',
      { location: spot, category: 'hazard', channel: 'patrol', description: '井盖\u0000缺失' },
      { 'Idempotency-Key': `hostile-${randomUUID()}` },
    );
    expect(report.status).toBe(400);
    expect((report.body as { error: { param: string; message: string } }).error).toMatchObject({ param: 'description' });
    expect((report.body as { error: { message: string } }).error.message).toContain('U+0000');
    const draft = await operator.request('POST', '/api/boundaries/change-sets', { title: '调整\u0000' });
    expect(draft.status).toBe(400);
    const search = await admin.request('GET', '/api/admin/audit?user=a%00b');
    expect(search.status).toBe(400);
    expect((search.body as { error: { param: string } }).error.param).toBe('user');
    const key = await admin.request('POST', '/api/admin/users', { 'user\u0000name': 'x' });
    expect(key.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('deep nesting under the size limit', () => {
  it('is refused before it is parsed or walked, with a 400, and the server keeps answering', async () => {
    const { url } = await sharedServer();
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const before = await counts();
    for (const [path, body] of [
      ['/api/incidents', `{"location":{"lon":1,"lat":1},"category":"hazard","channel":"patrol","description":${deep(100_000)}}`],
      [
        '/api/boundaries/validate',
        `{"parentCode":"${community}","cells":[{"code":"${community}001","geometry":{"type":"MultiPolygon","coordinates":${deep(50_000)}}}]}`,
      ],
    ] as const) {
      const session = path.startsWith('/api/boundaries') ? operator : commander;
      const res = await fetch(url + path, {
        method: 'POST',
        headers: {
          Cookie: session.cookie,
          'X-CSRF-Token': session.csrf,
          'Content-Type': 'application/json',
          'Idempotency-Key': `hostile-${randomUUID()}`,
        },
        body,
      });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('json_too_deep');
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    }
    expect(await counts()).toEqual(before);
  });
});

/** Sends through node:http, which (unlike fetch) can repeat a header and send any value a client could. */
function rawRequest(url: string, method: string, headers: Record<string, string | string[]>, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('malformed and repeated headers', () => {
  it('never answer a 5xx, refuse with a message, and change nothing', async () => {
    const { url } = await sharedServer();
    const before = await counts();
    const own = { Cookie: commander.cookie, 'X-CSRF-Token': commander.csrf, 'X-Requested-With': 'gridline' };
    const report = JSON.stringify({ location: spot, category: 'hazard', channel: 'patrol', description: '头部测试' });
    const cases: Array<[string, Record<string, string | string[]>]> = [
      ['Accept-Language garbage', { 'Accept-Language': 'xx;q=abc,,,;;*;q=-1' }],
      ['Accept-Language 8 KB', { 'Accept-Language': 'zh-'.repeat(2700) }],
      ['two CSRF tokens', { 'X-CSRF-Token': [commander.csrf, 'forged'] }],
      ['two cookies', { Cookie: [commander.cookie, 'gridline_sid=forged'] }],
      ['two idempotency keys', { 'Idempotency-Key': [`h-${randomUUID()}`, `h-${randomUUID()}`] }],
      ['a 1,000-character idempotency key', { 'Idempotency-Key': 'k'.repeat(1000) }],
      ['a content type of semicolons', { 'Content-Type': ';;;' }],
      ['a charset without a value', { 'Content-Type': 'application/json; charset' }],
      ['a Range past the end', { Range: 'bytes=999999999-1' }],
      ['forwarded-for garbage', { 'X-Forwarded-For': '::::, 999.1.1.1, unknown, ""' }],
    ];
    let accepted = 0;
    for (const [name, extra] of cases) {
      for (const [method, path, body] of [
        ['GET', '/api/incidents?limit=5', undefined],
        ['POST', '/api/incidents', report],
      ] as const) {
        const headers = {
          ...own,
          'Content-Type': 'application/json',
          'Accept-Language': 'en',
          'Idempotency-Key': `h-${randomUUID()}`,
          ...extra,
        };
        const res = await rawRequest(`${url}${path}`, method, headers, body);
        expect(res.status, `${name}: ${method} ${path}`).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(res.text).error.message, name).toMatch(/\S/);
        if (method === 'POST' && res.status < 300) accepted++;
      }
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    }
    // Each header that is merely odd still files its report once; a repeated CSRF token, key or cookie files nothing.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(cases.length);
    expect(await counts()).toEqual({ ...before, incidents: (before as { incidents: number }).incidents + accepted });
  });
});

describe('a body in a charset or encoding the server does not read', () => {
  it('is a 415 that names it, in the asked language, and changes nothing', async () => {
    const { url } = await sharedServer();
    const before = await counts();
    for (const [headers, name] of [
      [{ 'Content-Type': 'application/json; charset=latin-9' }, 'latin-9'],
      [{ 'Content-Type': 'application/json', 'Content-Encoding': 'br-x' }, 'br-x'],
    ] as const) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { ...headers, 'X-Requested-With': 'gridline', 'Accept-Language': 'zh-CN' },
        body: '{}',
      });
      expect(res.status, name).toBe(415);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('unsupported_body_encoding');
      expect(error.message).toContain(name);
      expect(error.message).toContain('字符集');
    }
    expect(await counts()).toEqual(before);
  });
});

describe('uploaded files', () => {
  const upload = (session: Session, path: string, type: string, body: string) =>
    sharedServer().then(({ url }) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': type, 'Accept-Language': 'en' },
        body,
      }),
    );
  const stored = async () => {
    const { db } = await sharedServer();
    return (
      await db.query(
        'SELECT (SELECT count(*) FROM boundary_imports)::int AS boundaries, (SELECT count(*) FROM register_imports)::int AS registers',
      )
    )[0];
  };
  const square = '[[[0,0],[1,0],[1,1],[0,0]]]';

  it('with a NUL character in an attribute or a cell are refused, saying where, storing nothing', async () => {
    const before = await stored();
    const geojson = `{"type":"Feature","properties":{"name":"网格\\u0000一"},"geometry":{"type":"Polygon","coordinates":${square}}}`;
    const boundary = await upload(operator, '/api/boundaries/imports?name=nul.geojson', 'application/geo+json', geojson);
    expect(boundary.status).toBe(400);
    expect(((await boundary.json()) as { error: { param: string; message: string } }).error).toMatchObject({
      param: 'file',
      message: expect.stringContaining('Attribute name of feature 1'),
    });
    const register = await upload(
      commander,
      '/api/registers/imports?name=nul.csv',
      'text/csv',
      '姓名,身份证号\n张\u0000三,110101195003070012\n',
    );
    expect(register.status).toBe(400);
    expect(((await register.json()) as { error: { message: string } }).error.message).toContain('Row 2, column 1');
    expect(await stored()).toEqual(before);
  });

  it('with GeoJSON coordinates nested thousands deep are refused before they are walked', async () => {
    const { url } = await sharedServer();
    const before = await stored();
    const deep = `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    const res = await upload(operator, '/api/boundaries/imports?name=deep.geojson', 'application/geo+json', deep);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('boundary_file_unreadable');
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(await stored()).toEqual(before);
  });
});

describe('degrees out of range in a boundary file', () => {
  it('are named at preview, feature by feature, not taken for a projection', async () => {
    const { url } = await sharedServer();
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: '越界' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [400, 200],
                [401, 200],
                [401, 201],
                [400, 200],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: '正常' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [117, 34],
                [117.01, 34],
                [117.01, 34.01],
                [117, 34],
              ],
            ],
          },
        },
      ],
    });
    const res = await fetch(`${url}/api/boundaries/imports?name=range.geojson`, {
      method: 'POST',
      headers: { Cookie: operator.cookie, 'X-CSRF-Token': operator.csrf, 'Content-Type': 'application/geo+json' },
      body: file,
    });
    expect(res.status).toBe(201);
    const preview = (await res.json()) as { geographic: boolean; problems: { index: number; reasonEn: string }[] };
    expect(preview.geographic).toBe(true);
    expect(preview.problems).toEqual([expect.objectContaining({ index: 0, reasonEn: expect.stringContaining('out of range') })]);
  });
});

describe('a Shapefile declaring more records than an import may hold', () => {
  it('is refused by its header, before its records are read', async () => {
    const { url } = await sharedServer();
    const shape = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [
          [
            [117, 34],
            [117, 34.01],
            [117.01, 34.01],
            [117, 34],
          ],
        ],
      ],
    };
    const attributes = { CODE: '370000000000001', NAME: '网格', LEVEL: 'grid', PARENT: '370000000000', VERSION: 1, AREA_KM2: 1 };
    const zipped = writeShapefileZip('grids', [
      { geometry: shape, attributes },
      { geometry: shape, attributes },
    ]);
    const parts = unzipSync(zipped);
    const dbfName = Object.keys(parts).find((n) => n.endsWith('.dbf'))!;
    new DataView(parts[dbfName]!.buffer, parts[dbfName]!.byteOffset).setUint32(4, 5_000_000, true);
    const res = await fetch(`${url}/api/boundaries/imports?name=huge.zip`, {
      method: 'POST',
      headers: { Cookie: operator.cookie, 'X-CSRF-Token': operator.csrf, 'Content-Type': 'application/zip', 'Accept-Language': 'en' },
      body: zipSync(parts),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('5000000 records; at most 500');
  });
});
