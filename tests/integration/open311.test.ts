import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

let base: string;
let key: string;
let keyId: number;
let admin: Session;
let spot: { lon: number; lat: number; community: string; grid: string };
let foreignCommunity: string;

/** A form post as an Open311 client sends it (application/x-www-form-urlencoded). */
const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
const count = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
  return row!.n;
};
/** The text of every `<tag>` element, in order. */
const tags = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

/** The spec's example POST, with our district's codes and coordinates in place of San Francisco's. */
const specExample = () => ({
  api_key: key,
  jurisdiction_id: spot.community,
  service_code: 'infrastructure',
  lat: String(spot.lat),
  long: String(spot.lon),
  address_string: '1234 5th street',
  email: 'smit222@sfgov.edu',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: 'john',
  last_name: 'smith',
  phone: '111111111',
  description: 'ontehuotneh',
  media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
});

beforeAll(async () => {
  const { db, url } = await sharedServer();
  base = url;
  const [g] = await db.query<{ code: string; parent: string; lon: number; lat: number }>(
    "SELECT code, parent_code AS parent, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  spot = { lon: g!.lon, lat: g!.lat, community: g!.parent, grid: g!.code };
  const [other] = await db.query<{ code: string }>(
    "SELECT code FROM grids WHERE level = 'community' AND code <> $1 ORDER BY code LIMIT 1",
    [g!.parent],
  );
  foreignCommunity = other!.code;
  await ensureTestUser(db, 'open311-admin', 'admin', await rootCode());
  const clientUser = await ensureTestUser(db, 'open311-client', 'leader', g!.parent);
  admin = await signIn(url, 'open311-admin');
  const created = (await admin.request('POST', '/api/api-keys', { name: '12345 热线系统', userId: clientUser })).body as {
    id: number;
    key: string;
  };
  key = created.key;
  keyId = created.id;
});

describe('Open311 GeoReport v2 services', () => {
  it('lists the catalogue with exactly the spec’s fields, in JSON and XML, without a key', async () => {
    const json = (await (await fetch(`${base}/open311/v2/services.json`)).json()) as Record<string, unknown>[];
    expect(json.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(json[0]!).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(json.find((s) => s.service_code === 'emergency')).toMatchObject({ service_name: '突发事件', metadata: false, type: 'realtime' });
    const res = await fetch(`${base}/open311/v2/services.xml`);
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
    expect(tags(xml, 'service_code')).toEqual(json.map((s) => s.service_code));
  });

  it('gives a service definition, and a 404 in the spec’s error form for an unknown code', async () => {
    expect(await (await fetch(`${base}/open311/v2/services/hazard.json`)).json()).toEqual({ service_code: 'hazard', attributes: [] });
    const xml = await (await fetch(`${base}/open311/v2/services/hazard.xml`)).text();
    expect(xml).toContain('<service_definition><service_code>hazard</service_code><attributes/></service_definition>');
    const res = await fetch(`${base}/open311/v2/services/nothing.xml`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/);
  });
});

describe('Open311 GeoReport v2 requests', () => {
  it('accepts the spec’s example POST and answers with the request id, keeping no personal contact fields', async () => {
    const before = await count();
    const res = await form('/open311/v2/requests.json', specExample());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { service_request_id: string; service_notice: string; account_id: null }[];
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(await count()).toBe(before + 1);
    const { db } = await sharedServer();
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM incidents WHERE id = $1::bigint', [body[0]!.service_request_id]);
    expect(row).toMatchObject({ category: 'infrastructure', channel: 'resident', grid_code: spot.grid, description: 'ontehuotneh' });
    expect(JSON.stringify(row)).not.toMatch(/smit222|111111111|john/);
  });

  it('answers a POST to requests.xml in XML', async () => {
    const res = await form('/open311/v2/requests.xml', { ...specExample(), description: '路灯不亮 <b>&</b>' });
    expect(res.status).toBe(201);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml[^>]+\?><service_requests><request><service_request_id>\d+<\/service_request_id>/);
    const [id] = tags(xml, 'service_request_id');
    const one = await (await fetch(`${base}/open311/v2/requests/${id}.xml?api_key=${key}`)).text();
    expect(one).toContain('<description>路灯不亮 &lt;b&gt;&amp;&lt;/b&gt;</description>');
    expect(tags(one, 'status')).toEqual(['open']);
  });

  it('reads requests by id list, status and dates, as the spec’s GET examples do', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await form('/open311/v2/requests.json', { ...specExample(), description: `查询测试 ${i}` });
      ids.push(((await res.json()) as { service_request_id: string }[])[0]!.service_request_id);
    }
    const list = (await (
      await fetch(`${base}/open311/v2/requests.json?api_key=${key}&service_request_id=${ids.join(',')}`)
    ).json()) as Record<string, unknown>[];
    expect(list.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
    expect(Object.keys(list[0]!).sort()).toEqual(
      [
        'address',
        'address_id',
        'agency_responsible',
        'description',
        'expected_datetime',
        'lat',
        'long',
        'media_url',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_notice',
        'service_request_id',
        'status',
        'status_notes',
        'updated_datetime',
        'zipcode',
      ].sort(),
    );
    expect(list[0]).toMatchObject({ status: 'open', service_code: 'infrastructure' });
    const start = new Date(Date.now() - 60_000).toISOString();
    const recent = (await (
      await fetch(
        `${base}/open311/v2/requests.json?api_key=${key}&status=open&service_code=infrastructure&start_date=${encodeURIComponent(start)}`,
      )
    ).json()) as { service_request_id: string; status: string }[];
    expect(recent.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(ids));
    expect(recent.every((r) => r.status === 'open')).toBe(true);
    const closed = (await (await fetch(`${base}/open311/v2/requests.json?api_key=${key}&status=closed`)).json()) as { status: string }[];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
  });

  it('keeps a key inside its area: a foreign jurisdiction or request is a 404', async () => {
    const before = await count();
    const res = await form('/open311/v2/requests.json', { ...specExample(), jurisdiction_id: foreignCommunity });
    expect(res.status).toBe(404);
    expect(await count()).toBe(before);
    const { db } = await sharedServer();
    const [foreign] = await db.query<{ id: string }>(
      `SELECT i.id::text AS id FROM incidents i JOIN grids g ON g.code = i.grid_code WHERE g.parent_code = $1 LIMIT 1`,
      [foreignCommunity],
    );
    expect((await fetch(`${base}/open311/v2/requests/${foreign!.id}.json?api_key=${key}`)).status).toBe(404);
  });

  it('refuses bad input in the spec’s error form and in the caller’s language, changing nothing', async () => {
    const before = await count();
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...specExample(), api_key: '' }, 401, /登录/],
      [{ ...specExample(), service_code: 'nothing' }, 400, /nothing/],
      [{ ...specExample(), lat: '91' }, 400, /lat/],
      [{ ...specExample(), long: 'abc' }, 400, /long/],
      [(({ lat: _a, long: _b, ...rest }) => rest)(specExample()), 400, /lat/],
    ];
    for (const [fields, status, message] of cases) {
      const res = await form('/open311/v2/requests.json', fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
      const [error] = (await res.json()) as { code: number; description: string }[];
      expect(error!.code).toBe(status);
      expect(error!.description).toMatch(message);
    }
    const en = await form('/open311/v2/requests.json', { ...specExample(), lat: '91' }, { 'Accept-Language': 'en' });
    expect(((await en.json()) as { description: string }[])[0]!.description).toMatch(/Invalid parameter lat/);
    expect(await count()).toBe(before);
  });

  it('ignores a browser session on POST (no CSRF through forms), and drops a revoked key at once', async () => {
    const before = await count();
    const { api_key: _k, ...noKey } = specExample();
    const viaCookie = await form('/open311/v2/requests.json', noKey, { Cookie: admin.cookie });
    expect(viaCookie.status).toBe(401);
    expect((await admin.request('DELETE', `/api/api-keys/${keyId}`)).status).toBe(204);
    expect((await form('/open311/v2/requests.json', specExample())).status).toBe(401);
    expect(await count()).toBe(before);
  });
});
