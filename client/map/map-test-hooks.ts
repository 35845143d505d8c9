import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap } from 'maplibre-gl';

type Hooks = NonNullable<Window['__gridline']>;

/** What the hooks read that only the map view knows. */
interface HookSources {
  /** MapLibre's grid layers on the map now (fills and lines of every level). */
  cellLayers: () => string[];
  /** An incident's marker as drawn, for its ring and colour. */
  incidentMarker: Hooks['incidentMarker'];
  /** The deck.gl layers a click takes before the cell under them. */
  markLayers: string[];
}

/**
 * The wall's test hook (`window.__gridline`): what the browser tests read of the map — counts of
 * what is drawn in view and what a click would take — kept out of the view's own code.
 */
export function mapTestHooks(map: MapLibreMap, overlay: MapboxOverlay, sources: HookSources): Hooks {
  /** Objects of these deck.gl layers drawn anywhere in the view. */
  const inView = (layerIds: string[]) => {
    const canvas = map.getCanvas();
    return overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds });
  };
  return {
    map,
    ready: false,
    renderedCellCount: () => map.queryRenderedFeatures({ layers: sources.cellLayers().filter((id) => map.getLayer(id)) }).length,
    incidentMarker: sources.incidentMarker,
    renderedClusterCount: () => inView(['incident-clusters']).length,
    renderedHexagonCount: () => inView(['response-hexagons']).length,
    renderedLayerCount: (layerId: string) => inView([layerId]).length,
    // The pan benchmark's breakdown: map layers whose ids start with a prefix hidden ('' hides every
    // one but the background), and 'deck' for deck.gl's layers.
    hideLayers: (prefixes: string[]) => {
      for (const layer of map.getStyle().layers)
        if (layer.type !== 'background' && prefixes.some((p) => p !== 'deck' && layer.id.startsWith(p)))
          map.setLayoutProperty(layer.id, 'visibility', 'none');
      if (prefixes.includes('deck') || prefixes.includes('')) overlay.setProps({ layers: [] });
    },
    markAt: (x: number, y: number) => {
      const hit = overlay.pickObject({ x, y, radius: 2, layerIds: sources.markLayers });
      if (!hit) return null;
      const o = hit.object as { id?: string; householdId?: number } | undefined;
      return { layer: hit.layer?.id ?? '', id: o?.id ?? (o?.householdId !== undefined ? String(o.householdId) : null) };
    },
    // A clustered incident is on the map too: inside its cluster's count.
    renderedIncidentIds: () =>
      inView(['incidents', 'incident-clusters']).flatMap((p) => (p.object as { ids?: string[] }).ids ?? [(p.object as { id: string }).id]),
  };
}
