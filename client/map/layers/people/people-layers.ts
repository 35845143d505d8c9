import { GeoJsonLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { ChoroplethFeature, MemberHexDatum, MemberPointDatum } from './people-data.ts';

/** Key-group members per cell of the active level, filled by class (the grid lines stay MapLibre's). */
export function createRegistersChoroplethLayer(features: ChoroplethFeature[]): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'registers-choropleth',
    data: { type: 'FeatureCollection', features },
    filled: true,
    stroked: false,
    // Pickable for the count a test asks for; clicks still reach the MapLibre cell underneath.
    pickable: true,
    getFillColor: (f) => (f as ChoroplethFeature).properties.fill,
    updateTriggers: { getFillColor: features.map((f) => `${f.properties.code}:${f.properties.value}`).join(';') },
  });
}

/** Density of members (or of overdue visits) as hexagons; bins too small to show safely never arrive. */
export function createRegistersHexLayer(data: MemberHexDatum[]): PolygonLayer<MemberHexDatum> {
  return new PolygonLayer<MemberHexDatum>({
    id: 'registers-hexagons',
    data,
    getPolygon: (d) => d.ring,
    getFillColor: (d) => d.fill,
    getLineColor: [20, 16, 40, 150],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    pickable: true,
    updateTriggers: { getFillColor: data.map((d) => d.value).join(',') },
  });
}

/** Member households at close zoom, sized a little by how many members live there; clicking one lists them. */
export function createMemberPointsLayer(
  data: MemberPointDatum[],
  onPick: (householdId: number) => void,
): ScatterplotLayer<MemberPointDatum> {
  return new ScatterplotLayer<MemberPointDatum>({
    id: 'registers-points',
    data,
    getPosition: (d) => d.position,
    getFillColor: (d) => d.fill,
    getRadius: (d) => 5 + Math.min(4, d.members),
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [10, 20, 35, 255],
    lineWidthMinPixels: 1.5,
    pickable: true,
    onClick: ({ object }) => {
      if (object) onPick(object.householdId);
      return true;
    },
  });
}
