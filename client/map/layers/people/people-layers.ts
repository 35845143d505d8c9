import { GeoJsonLayer, PolygonLayer, TextLayer } from '@deck.gl/layers';
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

/** The square households are drawn with: a glyph of the wall's own font, so no image is fetched. */
const SQUARE = '■';

/**
 * Member households at close zoom, as squares (incidents are discs, so a care household is never
 * taken for a case), sized a little by how many members live there, with a dark edge; clicking
 * one lists them.
 */
export function createMemberPointsLayers(data: MemberPointDatum[], onPick: (householdId: number) => void): TextLayer<MemberPointDatum>[] {
  return [
    new TextLayer<MemberPointDatum>({
      id: 'registers-points',
      data,
      getPosition: (d) => d.position,
      getText: () => SQUARE,
      characterSet: [SQUARE],
      getSize: (d) => 16 + Math.min(8, d.members * 2),
      sizeUnits: 'pixels',
      getColor: (d) => d.fill,
      fontSettings: { sdf: true },
      outlineWidth: 2,
      outlineColor: [10, 20, 35, 255],
      pickable: true,
      onClick: ({ object }) => {
        if (object) onPick(object.householdId);
        return true;
      },
    }),
  ];
}
