import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

/** Fill and outline of a cell by what the draft does to it (terra-draw draws the cells themselves). */
export const ACTION_COLOURS = { unchanged: '#3a86c8', update: '#f4a261', create: '#2ec4b6', delete: '#888888' } as const;

/** The editor's GeoJSON sources; their data comes from boundaries-data.ts. */
const BOUNDARY_SOURCES = ['ed-parent', 'ed-deleted', 'ed-problems', 'ed-impact', 'ed-history', 'ed-stale', 'ed-snap'] as const;

/** One of the editor's sources. */
export type BoundarySource = (typeof BOUNDARY_SOURCES)[number];

/** Our layers drawn above terra-draw's, in this order (terra-draw adds its own as it needs them). */
const OVERLAY_LAYERS = ['ed-history-line', 'ed-stale', 'ed-problems-fill', 'ed-problems-line', 'ed-problems-point', 'ed-impact', 'ed-snap'];

const isPolygon = ['==', ['geometry-type'], 'Polygon'] as const;
const problemColour = ['match', ['get', 'kind'], 'gap', '#ffd166', '#ff3b3b'] as const;

/**
 * The editor's layers: the parent's outline, deleted cells, before/after of a publish, cells
 * someone else published, problems (red; gaps yellow), moved households and incidents, the snap indicator.
 */
const BOUNDARY_LAYERS: LayerSpecification[] = [
  { id: 'ed-parent', type: 'line', source: 'ed-parent', paint: { 'line-color': '#e9f4ff', 'line-width': 3, 'line-dasharray': [3, 2] } },
  {
    id: 'ed-deleted',
    type: 'line',
    source: 'ed-deleted',
    paint: { 'line-color': '#9aa5b8', 'line-width': 1.5, 'line-dasharray': [1, 2] },
  },
  {
    id: 'ed-history-line',
    type: 'line',
    source: 'ed-history',
    paint: {
      'line-color': ['match', ['get', 'when'], 'before', '#ffb347', '#52d5ff'],
      'line-width': ['match', ['get', 'when'], 'before', 3, 2],
      'line-dasharray': [2, 1],
    },
  },
  { id: 'ed-stale', type: 'line', source: 'ed-stale', paint: { 'line-color': '#ff9f1c', 'line-width': 4, 'line-dasharray': [2, 2] } },
  {
    id: 'ed-problems-fill',
    type: 'fill',
    source: 'ed-problems',
    filter: isPolygon as never,
    paint: { 'fill-color': problemColour as never, 'fill-opacity': 0.45 },
  },
  {
    id: 'ed-problems-line',
    type: 'line',
    source: 'ed-problems',
    filter: isPolygon as never,
    paint: { 'line-color': problemColour as never, 'line-width': 2 },
  },
  {
    id: 'ed-problems-point',
    type: 'circle',
    source: 'ed-problems',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': '#ff3b3b', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  },
  {
    id: 'ed-impact',
    type: 'circle',
    source: 'ed-impact',
    paint: {
      'circle-color': [
        'match',
        ['get', 'kind'],
        'household',
        '#ffd166',
        ['match', ['get', 'colour'], 'red', '#ff3b3b', 'orange', '#ff9f1c', 'yellow', '#ffe66d', '#4ea8ff'],
      ],
      'circle-radius': ['match', ['get', 'kind'], 'household', ['min', 12, ['+', 3, ['get', 'count']]], 6],
      'circle-stroke-color': ['match', ['get', 'to'], '', '#ff3b3b', '#0b1526'],
      'circle-stroke-width': 1.5,
      'circle-opacity': 0.9,
    },
  },
  {
    id: 'ed-snap',
    type: 'circle',
    source: 'ed-snap',
    paint: {
      'circle-radius': 8,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': ['match', ['get', 'kind'], 'vertex', '#00ffa3', 'edge', '#52d5ff', '#ffd166'],
      'circle-stroke-width': 3,
    },
  },
];

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Adds the editor's sources (empty) and layers to a loaded map. */
export function addBoundaryLayers(map: MapLibreMap): void {
  for (const id of BOUNDARY_SOURCES) map.addSource(id, { type: 'geojson', data: empty });
  for (const layer of BOUNDARY_LAYERS) map.addLayer(layer);
}

/** Keeps the checks, history and snap indicator above terra-draw's layers. */
export function raiseOverlays(map: MapLibreMap): void {
  for (const id of OVERLAY_LAYERS) if (map.getLayer(id)) map.moveLayer(id);
}
