import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** Test hook: the map and a count of rendered grid features (read by the browser tests). */
    __gridline?: {
      map: MapLibreMap;
      ready: boolean;
      renderedCellCount: () => number;
      renderedIncidentIds: () => string[];
      /** What a click at a point of the map would take: the top mark's layer and id, or null. */
      markAt: (x: number, y: number) => { layer: string; id: string | null } | null;
      renderedHexagonCount: () => number;
      renderedClusterCount: () => number;
      /** Objects of one deck.gl layer drawn in the view (e.g. registers-points). */
      renderedLayerCount: (layerId: string) => number;
      incidentMarker: (id: string) => { ring: boolean; fill: number[] } | null;
      /** Hides map layers by id prefix ('' every one but the background; 'deck' deck.gl's): the pan benchmark's breakdown. */
      hideLayers: (prefixes: string[]) => void;
    };
    /** Test hook of the boundary editor. */
    __gridlineEditor?: {
      map: MapLibreMap;
      ready: boolean;
      project: (lon: number, lat: number) => { x: number; y: number };
      drawnCodes: () => string[];
      select: (code: string) => void;
      /** Kinds of the problems the instant checks show now (during a drag too). */
      problemKinds: () => string[];
    };
  }
}
