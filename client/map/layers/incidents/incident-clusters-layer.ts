import { CompositeLayer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { IncidentCluster, IncidentMarker } from './incidents-data.ts';

/** A counted circle per cluster, sized by how many it holds, ringed when any member is late; a click zooms into it. */
export class IncidentClustersLayer extends CompositeLayer<{
  data: IncidentCluster[];
  scale: number;
  onZoomIn?: (position: [number, number]) => void;
}> {
  static override layerName = 'IncidentClustersLayer';

  override renderLayers() {
    const { data, scale, onZoomIn } = this.props;
    return [
      new ScatterplotLayer<IncidentCluster>(
        this.getSubLayerProps({
          id: 'circles',
          data,
          getPosition: (d: IncidentCluster) => d.position,
          getFillColor: (d: IncidentCluster) => d.fill,
          getRadius: (d: IncidentCluster) => Math.min(26, 11 + Math.sqrt(d.count) * 3),
          radiusUnits: 'pixels',
          radiusScale: scale,
          lineWidthScale: scale,
          stroked: true,
          getLineColor: (d: IncidentCluster) => (d.ring ? [255, 255, 255, 255] : [10, 20, 35, 220]),
          getLineWidth: (d: IncidentCluster) => (d.ring ? 3 : 1.5),
          lineWidthUnits: 'pixels',
          pickable: true,
          onClick: ({ object }: { object?: IncidentCluster }) => {
            if (object) onZoomIn?.(object.position);
            return true;
          },
        }),
      ),
      new TextLayer<IncidentCluster>(
        this.getSubLayerProps({
          id: 'counts',
          data,
          getPosition: (d: IncidentCluster) => d.position,
          getText: (d: IncidentCluster) => String(d.count),
          getSize: 13,
          sizeScale: scale,
          getColor: [10, 20, 35, 255],
          fontWeight: 700,
          characterSet: '0123456789',
        }),
      ),
    ];
  }
}

/** Expanding rings behind new incidents; redrawn each frame while any is fresh. */
export function createPulseLayer(
  data: IncidentMarker[],
  pulse: { radius: number; alpha: number },
  scale = 1,
): ScatterplotLayer<IncidentMarker> {
  return new ScatterplotLayer<IncidentMarker>({
    id: 'incident-pulse',
    data,
    getPosition: (d) => d.position,
    getRadius: pulse.radius,
    radiusUnits: 'pixels',
    radiusScale: scale,
    lineWidthScale: scale,
    filled: false,
    stroked: true,
    getLineColor: (d) => [d.fill[0], d.fill[1], d.fill[2], pulse.alpha],
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    updateTriggers: { getLineColor: pulse.alpha },
  });
}
