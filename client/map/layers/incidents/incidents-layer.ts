import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentMarker } from './incidents-data.ts';

/**
 * Severity-coloured incident markers with a white ring for overdue or escalated cases; a click
 * opens the case (`onPick`). `scale`: the display's (1 at 1920×1080); marks are sized in pixels.
 */
export function createIncidentsLayer(data: IncidentMarker[], scale = 1, onPick?: (id: string) => void): ScatterplotLayer<IncidentMarker> {
  return new ScatterplotLayer<IncidentMarker>({
    id: 'incidents',
    data,
    getPosition: (d) => d.position,
    getFillColor: (d) => d.fill,
    getRadius: (d) => (d.fresh ? 11 : 7),
    radiusUnits: 'pixels',
    radiusScale: scale,
    lineWidthScale: scale,
    stroked: true,
    getLineColor: (d) => (d.ring ? [255, 255, 255, 255] : [10, 20, 35, 200]),
    getLineWidth: (d) => (d.ring ? 3 : 1.5),
    lineWidthUnits: 'pixels',
    pickable: true,
    onClick: ({ object }) => {
      if (object && onPick) onPick(object.id);
      return true;
    },
    updateTriggers: { getRadius: data.map((d) => d.fresh).join(''), getLineColor: data.map((d) => d.ring).join('') },
  });
}
