import type { Position } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { candidatesOf, snapPointer, type Snap, type SnapCandidates } from '../boundaries/snap.ts';
import { ACTION_COLOURS } from './layers/boundaries/boundaries-layers.ts';
import { codeOfFeature } from './layers/boundaries/boundaries-data.ts';

type Action = keyof typeof ACTION_COLOURS;
const colourOf = (f: GeoJSONStoreFeatures) => ACTION_COLOURS[(f.properties?.action as Action) ?? 'unchanged'];

/** What snapping looks at: every cell's vertices and edges by code, and the roads the map draws. */
interface SnapSource {
  cells(): { code: string; c: SnapCandidates }[];
  /** Told where the pointer would land (null when nothing is near), for the indicator. */
  found(snap: Snap | null): void;
}

/** Snapping for every tool: neighbours' vertices, then their edges, then the roads under the pointer. */
function snapper(map: MapLibreMap, source: SnapSource) {
  return (event: TerraDrawMouseEvent, context: { currentId?: string | number }): Position | undefined => {
    const own = context.currentId === undefined ? null : codeOfFeature(context.currentId);
    const box: [[number, number], [number, number]] = [
      [event.containerX - 12, event.containerY - 12],
      [event.containerX + 12, event.containerY + 12],
    ];
    const roads = map
      .queryRenderedFeatures(box, { layers: map.getLayer('roads') ? ['roads'] : [] })
      .flatMap((f) =>
        f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [],
      );
    const near = source
      .cells()
      .filter((x) => x.code !== own)
      .map((x) => x.c);
    const merged: SnapCandidates = {
      vertices: near.flatMap((c) => c.vertices),
      edges: near.flatMap((c) => c.edges),
      roads: candidatesOf([], roads).roads,
    };
    const found = snapPointer({ x: event.containerX, y: event.containerY }, merged, (p) => map.project([p[0]!, p[1]!]));
    source.found(found);
    return found?.position;
  };
}

let seq = 0;
const newId = () => `drawn-${++seq}`;

/**
 * terra-draw on the editor's map: vertex editing (midpoints, deletion, snapping) in select mode,
 * drawing a new cell, drawing a cutting line. Cells are drawn in the colour of their draft action.
 */
export function createBoundaryDraw(map: MapLibreMap, snapSource: SnapSource): TerraDraw {
  const snapTo = snapper(map, snapSource);
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 9 }),
    idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: newId },
    modes: [
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: false,
              coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom: snapTo } },
            },
          },
        },
        keyEvents: { deselect: 'Escape', delete: null, rotate: null, scale: null },
        styles: {
          selectedPolygonColor: '#ffffff',
          selectedPolygonFillOpacity: 0.18,
          selectedPolygonOutlineColor: '#ffffff',
          selectedPolygonOutlineWidth: 3,
          selectionPointColor: '#ffffff',
          selectionPointWidth: 4,
          midPointColor: '#52d5ff',
          midPointWidth: 3,
        },
      }),
      new TerraDrawPolygonMode({
        snapping: { toCustom: snapTo },
        keyEvents: { cancel: 'Escape', finish: 'Enter' },
        styles: { fillColor: colourOf, fillOpacity: 0.22, outlineColor: colourOf, outlineWidth: 2 },
      }),
      new TerraDrawLineStringMode({
        snapping: { toCustom: snapTo },
        keyEvents: { cancel: 'Escape', finish: 'Enter' },
        styles: { lineStringColor: '#ff4fd8', lineStringWidth: 3 },
      }),
    ],
  });
}
