import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { PolygonLayer } from '@deck.gl/layers';
import { RESPONSE_RAMP, type HeatDatum, type HexagonDatum } from './stats-data.ts';

/** Hexagons of response time, coloured by class, outlined faintly so neighbours stay apart. */
export function createResponseHexLayer(data: HexagonDatum[]): PolygonLayer<HexagonDatum> {
  return new PolygonLayer<HexagonDatum>({
    id: 'response-hexagons',
    data,
    getPolygon: (d) => d.ring,
    getFillColor: (d) => d.fill,
    getLineColor: [10, 20, 35, 160],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    pickable: true,
    updateTriggers: { getFillColor: data.map((d) => d.fill.join(',')).join(';') },
  });
}

/**
 * A smooth surface of response time: the bins' figures averaged (MEAN) under a Gaussian kernel,
 * with the colour domain fixed to the legend's minutes so the same colour means the same wait.
 */
export function createResponseHeatLayer(data: HeatDatum[], domain: [number, number]): HeatmapLayer<HeatDatum> {
  return new HeatmapLayer<HeatDatum>({
    id: 'response-heat',
    data,
    getPosition: (d) => d.position,
    getWeight: (d) => d.minutes,
    aggregation: 'MEAN',
    colorDomain: domain,
    // Quick areas fade out so the base map shows through; only slowness is painted.
    colorRange: RESPONSE_RAMP.map((rgb, i) => [...rgb, [0, 110, 170, 210, 235][i]!] as [number, number, number, number]),
    radiusPixels: 45,
    threshold: 0.03,
    opacity: 0.85,
  });
}
