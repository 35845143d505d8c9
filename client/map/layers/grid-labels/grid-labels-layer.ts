import { TextLayer } from '@deck.gl/layers';
import type { GridLabel } from './grid-labels-data.ts';

/** What the layer writes: a name at a point (the editor's labels have no area). */
type LabelDatum = Pick<GridLabel, 'code' | 'text' | 'position'>;

/** Font stack with CJK faces; deck.gl rasterises it locally, so no glyph server is needed. */
export const LABEL_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Props of the grid-name layer. */
interface GridLabelsProps {
  data: LabelDatum[];
  color: [number, number, number];
  selectedCode: string | null;
  size: number;
  /** The display's scale (1 at 1920×1080). */
  scale?: number;
}

/** Grid names drawn at their cells' label points; the selected one is highlighted. */
export function createGridLabelsLayer(props: GridLabelsProps): TextLayer<LabelDatum> {
  return new TextLayer<LabelDatum>({
    id: 'grid-labels',
    data: props.data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: props.size,
    sizeScale: props.scale ?? 1,
    getColor: (d) => (d.code === props.selectedCode ? [255, 255, 255, 255] : [...props.color, 230]),
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    characterSet: 'auto',
    outlineWidth: 3,
    outlineColor: [5, 12, 24, 230],
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    updateTriggers: { getColor: [props.selectedCode, props.color] },
  });
}
