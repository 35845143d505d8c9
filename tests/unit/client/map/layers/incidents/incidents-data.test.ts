import { arcsKey, mixArcs } from '../../../../../../client/map/layers/incidents/cluster-mix.ts';
import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../../../../../../client/api/incidents.ts';
import { summary } from '../../../incident-fixtures.ts';
import {
  incidentMarkers,
  CLUSTER_MAX_ZOOM,
  clusterDiameter,
  clusterMarkers,
  pulseAt,
  SEVERITY_RGB,
  type IncidentMarker,
} from '../../../../../../client/map/layers/incidents/incidents-data.ts';

describe('incident markers', () => {
  const row = (over: Partial<IncidentRow>): IncidentRow => ({
    ...summary(1, 1),
    id: '1',
    description: null,
    locatedBy: 'contains',
    updatedAt: '',
    ...over,
  });

  it('colours by severity, rings overdue and escalated cases, and leaves closed ones off the map', () => {
    const now = Date.parse('2026-11-22T10:00:30Z');
    const markers = incidentMarkers(
      [
        row({ id: 'a', colour: 'red' }),
        row({ id: 'b', colour: 'blue', overdue: true }),
        row({ id: 'c', status: 'escalated' }),
        row({ id: 'd', status: 'closed' }),
      ],
      now,
    );
    expect(markers.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(markers[0]!.fill.slice(0, 3)).toEqual([255, 77, 79]);
    expect(markers.map((m) => m.ring)).toEqual([false, true, true]);
    expect(markers[0]!.fresh).toBe(true);
    expect(incidentMarkers([row({ id: 'x' })], now + 120_000)[0]!.fresh).toBe(false);
  });

  it('skips incidents without finite coordinates', () => {
    expect(incidentMarkers([row({ lon: Number.NaN })], 0)).toEqual([]);
  });
});

describe('incident clusters and pulse', () => {
  const marker = (id: string, lon: number, lat: number, extra: Partial<IncidentMarker> = {}): IncidentMarker => ({
    id,
    position: [lon, lat],
    fill: [0, 0, 0, 255],
    ring: false,
    fresh: false,
    createdAt: 0,
    ...extra,
  });
  const near = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => marker(`${prefix}${i}`, 116.95 + i * 1e-6, 34.78));

  it('groups crowded markers when zoomed out, coloured by the most urgent and ringed when any is late', () => {
    const markers = [...near(5, 'a'), marker('far', 117.5, 34.5), marker('late', 116.95, 34.78, { ring: true })];
    const colours = new Map([
      ['a0', 'blue'],
      ['a1', 'orange'],
      ['late', 'yellow'],
    ]);
    const { singles, clusters } = clusterMarkers(markers, colours, 12);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(6);
    expect(clusters[0]!.ids).toContain('late');
    expect(clusters[0]!.ring).toBe(true);
    expect(clusters[0]!.fill.slice(0, 3)).toEqual(SEVERITY_RGB.orange);
    expect(singles.map((m) => m.id)).toEqual(['far']);
  });

  it('merges clusters whose rings would touch, so no two counts overprint, and keeps apart ones apart', () => {
    // Two crowds either side of a square's edge at zoom 12 (60 px squares): one ring of both.
    const size = 512 * 2 ** 12;
    const edgeLon = (Math.ceil(((116.95 + 180) / 360) * (size / 60)) * 60 * 360) / size - 180;
    const dx = 4 / (size / 360);
    const west = Array.from({ length: 5 }, (_, i) => marker(`w${i}`, edgeLon - dx, 34.78 + i * 1e-6));
    const east = Array.from({ length: 5 }, (_, i) => marker(`e${i}`, edgeLon + dx, 34.78 + i * 1e-6));
    const { clusters } = clusterMarkers([...west, ...east], new Map([['w0', 'red']]), 12);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(10);
    expect(clusters[0]!.mix).toEqual({ red: 1, orange: 0, yellow: 0, blue: 9 });
    // Its ring's arcs are worked out once, with the key of the ring's image.
    expect(clusters[0]!.arcs).toEqual(mixArcs(clusters[0]!.mix));
    expect(clusters[0]!.icon).toBe(arcsKey(clusters[0]!.arcs, false));
    // Far apart (200 px) they stay two, each no wider than the gap between them.
    const farEast = east.map((m) => ({ ...m, position: [m.position[0] + 200 / (size / 360), m.position[1]] as [number, number] }));
    const two = clusterMarkers([...west, ...farEast], new Map(), 12).clusters;
    expect(two).toHaveLength(2);
    expect(clusterDiameter(5)).toBeLessThan(200);
  });

  it('keeps sparse, fresh and close-zoom markers single', () => {
    expect(clusterMarkers(near(3, 'a'), new Map(), 12).clusters).toEqual([]);
    const fresh = near(6, 'f').map((m) => ({ ...m, fresh: true }));
    expect(clusterMarkers(fresh, new Map(), 12).singles).toHaveLength(6);
    expect(clusterMarkers(near(6, 'a'), new Map(), CLUSTER_MAX_ZOOM).clusters).toEqual([]);
  });

  it('pulses outward and fades over 1.5 s', () => {
    expect(pulseAt(0)).toEqual({ radius: 10, alpha: 220 });
    const mid = pulseAt(750);
    expect(mid.radius).toBeCloseTo(21);
    expect(mid.alpha).toBe(110);
    expect(pulseAt(1500)).toEqual(pulseAt(0));
  });
});
