import { MapboxOverlay } from '@deck.gl/mapbox';
import { Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { BASEMAP_STYLE_URL } from '../api/basemap.ts';
import { i18n } from '../i18n/index.ts';

/**
 * A map on our own offline base map with zoom buttons, a scale and an interleaved deck.gl overlay:
 * the wall's and the editor's. Rotation is off; a wall is read north-up.
 */
export function createBaseMap(container: HTMLElement, maxZoom: number, scale = 1): { map: MapLibreMap; overlay: MapboxOverlay } {
  const map = new MapLibreMap({
    container,
    style: BASEMAP_STYLE_URL,
    attributionControl: { compact: true, customAttribution: i18n.global.t('app.attribution') },
    dragRotate: false,
    pitchWithRotate: false,
    maxZoom,
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
  // The scale bar's length is in pixels: on a wall it grows with the display, as its text does.
  map.addControl(new ScaleControl({ unit: 'metric', maxWidth: Math.round(100 * scale) }), 'bottom-left');
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return { map, overlay };
}
