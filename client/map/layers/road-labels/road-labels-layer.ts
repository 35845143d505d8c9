import { TextLayer } from '@deck.gl/layers';
import { LABEL_FONT } from '../grid-labels/grid-labels-layer.ts';
import type { RoadLabelDatum } from './road-labels-data.ts';

/** Road names along their roads, under the grid names. */
export function createRoadLabelsLayer(data: RoadLabelDatum[], visible: boolean, scale = 1): TextLayer<RoadLabelDatum> {
  return new TextLayer<RoadLabelDatum>({
    id: 'road-labels',
    data,
    visible,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getAngle: (d) => d.angle,
    getSize: (d) => (d.major ? 13 : 11),
    sizeScale: scale,
    getColor: [150, 178, 214, 220],
    fontFamily: LABEL_FONT,
    characterSet: 'auto',
    outlineWidth: 2,
    outlineColor: [8, 16, 30, 220],
    fontSettings: { sdf: true, fontSize: 40, buffer: 4 },
  });
}
