import { CompositeLayer } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { ringAtlas } from './cluster-ring-icon.ts';
import { clusterDiameter, type IncidentCluster, type IncidentMarker } from './incidents-data.ts';

/**
 * One counted ring per cluster, its arcs the share of each colour among the cases it holds, ringed
 * white when any member is late; a click zooms into it.
 */
export class IncidentClustersLayer extends CompositeLayer<{
  data: IncidentCluster[];
  scale: number;
  onZoomIn?: (position: [number, number]) => void;
}> {
  static override layerName = 'IncidentClustersLayer';

  override renderLayers() {
    const { data, scale, onZoomIn } = this.props;
    const { atlas, mapping } = ringAtlas(data);
    return [
      new IconLayer<IncidentCluster>(
        this.getSubLayerProps({
          id: 'rings',
          data,
          iconAtlas: atlas,
          iconMapping: mapping,
          getPosition: (d: IncidentCluster) => d.position,
          getIcon: (d: IncidentCluster) => d.icon,
          getSize: (d: IncidentCluster) => clusterDiameter(d.count),
          sizeUnits: 'pixels',
          sizeScale: scale,
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
          getSize: (d: IncidentCluster) => (d.count >= 1000 ? 11 : 13),
          sizeScale: scale,
          getColor: [240, 248, 255, 255],
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
