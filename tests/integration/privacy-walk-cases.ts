/** The cases of the privacy walk: how to call each personal route, what it must audit and show. */
import { expect } from 'vitest';
import {
  type Case,
  asResponse,
  call,
  csvFile,
  foreignGrid,
  foreignResident,
  fx,
  masked,
  outsideBbox,
  uploads,
  url,
  watchAll,
} from './privacy-walk-fixtures.ts';

/** Every personal route, by method and path: a route guarding personal data without a case fails the walk. */
export const CASES: Record<string, Case> = {
  'get /api/residents': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents?grid=${foreignGrid(who, scope)}`),
    audit: 'people.list',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect((res.body as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    },
  },
  'get /api/residents/:id': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents/${foreignResident(who, scope)}`),
    audit: 'people.read',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect((res.body as { id: number }).id).toBe(fx.resident.id);
    },
  },
  'post /api/residents/:id/unmask': {
    call: (s, who, scope) => call(s, 'POST', `/api/residents/${foreignResident(who, scope)}/unmask`, { reason: '核实走访对象身份' }),
    audit: 'people.unmask',
    foreign: '404',
    // The one answer that carries the full record, for this request only.
    check: (res) => expect(res.body).toMatchObject({ idNumber: fx.resident.idNumber, name: fx.resident.name }),
  },
  'get /api/residents/export': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents/export?grid=${foreignGrid(who, scope)}`),
    audit: 'people.export',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect(res.text.split('\r\n').filter(Boolean).length).toBeGreaterThan(1);
    },
  },
  'get /api/visits/due': {
    call: (s, who, scope) => call(s, 'GET', `/api/visits/due?grid=${foreignGrid(who, scope)}`),
    audit: 'people.list',
    foreign: '404',
    check: (res, who) => {
      masked(res);
      const rows = (res.body as { rows: { category: string; kind?: string }[] }).rows;
      expect(rows.length).toBeGreaterThan(0);
      if (!watchAll(who)) expect(rows.map((r) => r.category)).not.toContain(fx.watched.category);
    },
  },
  'post /api/visits': {
    call: (s, who, scope) =>
      call(s, 'POST', '/api/visits', {
        memberId: scope === 'own' ? fx.memberId : who === 'worker' ? fx.sibling.memberId : fx.outside.memberId,
        found: '走访：身体状况良好',
      }),
    audit: 'visit.create',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect(String((res.body as { id: unknown }).id)).toMatch(/^[0-9]+$/);
    },
  },
  'get /api/registers/points': {
    call: (s, who, scope) => call(s, 'GET', `/api/registers/points?bbox=${scope === 'own' ? fx.bbox : outsideBbox}`),
    audit: 'people.points',
    foreign: 'empty',
    check: (res, who) => {
      masked(res);
      const points = (res.body as { points: { gridCode: string; categories: string[] }[] }).points;
      expect(points.length).toBeGreaterThan(0);
      for (const p of points) {
        if (who === 'worker') expect(p.gridCode).toBe(fx.grid);
        if (!watchAll(who)) expect(p.categories).not.toContain(fx.watched.category);
      }
      // Households, never people: no field that could name anyone.
      expect(Object.keys(points[0]!).sort()).toEqual(['categories', 'gridCode', 'householdId', 'lat', 'lon', 'members', 'overdue']);
    },
  },
  'get /api/incidents/:id/photos/:photoId': {
    call: async (s, who, scope) => {
      const photo = scope === 'own' ? fx.photos.own : who === 'worker' ? fx.photos.sibling : fx.photos.outside;
      return call(s, 'GET', `/api/incidents/${photo.incident}/photos/${photo.photo}`);
    },
    audit: 'incident.photo.read',
    foreign: '404',
    check: (res) => expect(res.status).toBe(200),
  },
  'post /api/registers/imports': {
    call: async (s, who) => {
      const res = await fetch(`${url}/api/registers/imports?name=walk.csv`, {
        method: 'POST',
        headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'text/csv' },
        body: new Uint8Array(csvFile(fx.resident.idNumber)),
      });
      const out = await asResponse(res);
      if (res.status === 201) uploads.set(who, (out.body as { id: number }).id);
      return out;
    },
    audit: 'people.import_upload',
    foreign: 'none',
    check: (res) => {
      masked(res);
      expect((res.body as { preview: string[][] }).preview[0]![1]).toBe('某*');
    },
  },
  'post /api/registers/imports/:id/check': {
    call: (s, who) =>
      call(s, 'POST', `/api/registers/imports/${uploads.get(who) ?? 1}/check`, { mapping: { name: 1, idNumber: 2, address: 3 } }),
    audit: 'people.import_check',
    foreign: 'none',
    check: (res) => {
      masked(res);
      // The file names someone already registered elsewhere, at a building that does not exist.
      expect(res.body).toMatchObject({ rows: 1, invalid: 1 });
    },
  },
  'post /api/registers/imports/:id/commit': {
    call: (s, who) =>
      call(s, 'POST', `/api/registers/imports/${uploads.get(who) ?? 1}/commit`, { mapping: { name: 1, idNumber: 2, address: 3 } }),
    // A file with bad rows is refused whole; the refusal is kept.
    audit: 'people.import',
    foreign: 'none',
    check: (res) => {
      masked(res);
      expect(res.status).toBe(422);
    },
  },
};
