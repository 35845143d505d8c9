import { describe, expect, it } from 'vitest';
import type { GridCollection } from '../../../client/api/grids.ts';
import { bboxOfCoordinates } from '../../../client/map/bounds.ts';
import { fillColourFor, roleOfLevel, styleForLevel } from '../../../client/map/grid-style.ts';
import { gridLabelsFrom } from '../../../client/map/layers/grid-labels/grid-labels-data.ts';
import { roadLabelsFrom, textAngleFromBearing } from '../../../client/map/layers/road-labels/road-labels-data.ts';
import {
  CLUSTER_MAX_ZOOM,
  clusterMarkers,
  pulseAt,
  SEVERITY_RGB,
  type IncidentMarker,
} from '../../../client/map/layers/incidents/incidents-data.ts';

describe('road labels', () => {
  it('turns bearings into angles that never read upside down', () => {
    expect(textAngleFromBearing(90)).toBe(0);
    expect(textAngleFromBearing(270)).toBe(0);
    expect(textAngleFromBearing(0)).toBe(90);
    expect(textAngleFromBearing(180)).toBe(90);
    expect(textAngleFromBearing(45)).toBe(45);
    expect(textAngleFromBearing(135)).toBe(-45);
    for (let b = 0; b <= 360; b += 7) {
      const a = textAngleFromBearing(b);
      expect(a).toBeGreaterThan(-90);
      expect(a).toBeLessThanOrEqual(90);
    }
  });

  it('labels each road name once, at its longest stretch', () => {
    const labels = roadLabelsFrom([
      { name: '人民路', roadClass: 'arterial', lon: 1, lat: 1, bearing: 90, lengthM: 100 },
      { name: '人民路', roadClass: 'arterial', lon: 2, lat: 2, bearing: 90, lengthM: 900 },
      { name: '幸福街', roadClass: 'local', lon: 3, lat: 3, bearing: 0, lengthM: 300 },
    ]);
    expect(labels.map((l) => [l.text, l.position[0], l.major])).toEqual([
      ['人民路', 2, true],
      ['幸福街', 3, false],
    ]);
  });
});

describe('grid labels and bounds', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [116, 34],
                [117, 34],
                [117, 35],
                [116, 34],
              ],
            ],
          ],
        },
        properties: {
          code: 'a',
          name: '第一网格',
          level: 'grid',
          parentCode: null,
          version: 1,
          areaKm2: 1,
          labelLon: 116.5,
          labelLat: 34.2,
        },
      },
      {
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: [] },
        properties: { code: 'b', name: '空', level: 'grid', parentCode: null, version: 1, areaKm2: 0, labelLon: NaN, labelLat: NaN },
      },
    ],
  } as unknown as GridCollection;

  it('places labels at the label points and skips cells without one', () => {
    expect(gridLabelsFrom(fc)).toEqual([{ code: 'a', text: '第一网格', position: [116.5, 34.2] }]);
    expect(gridLabelsFrom(undefined)).toEqual([]);
  });

  it('computes the bbox of nested coordinates and null for empty ones', () => {
    expect(bboxOfCoordinates(fc.features.map((f) => f.geometry.coordinates))).toEqual([116, 34, 117, 35]);
    expect(bboxOfCoordinates([])).toBeNull();
    expect(bboxOfCoordinates([[null, null]])).toBeNull();
  });
});

describe('grid level styling', () => {
  it('shows levels above the active one as context and hides deeper ones', () => {
    expect([0, 1, 2, 3].map((i) => roleOfLevel(i, 2))).toEqual(['context', 'context', 'active', 'hidden']);
  });

  it('draws higher levels with heavier lines and reuses the last style for deep levels', () => {
    expect(styleForLevel(0).lineWidth).toBeGreaterThan(styleForLevel(3).lineWidth);
    expect(styleForLevel(9)).toEqual(styleForLevel(4));
    expect(fillColourFor(0)).not.toBe(fillColourFor(1));
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
