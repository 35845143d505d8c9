/** How a level's cells are drawn, by the level's position in the hierarchy. */
interface GridLevelStyle {
  lineColor: string;
  lineWidth: number;
  lineDash: number[] | null;
}

const PALETTE: GridLevelStyle[] = [
  { lineColor: '#52d5ff', lineWidth: 4, lineDash: null },
  { lineColor: '#7c9cff', lineWidth: 3, lineDash: null },
  { lineColor: '#ffc857', lineWidth: 2.2, lineDash: [3, 1.5] },
  { lineColor: '#3ee6b0', lineWidth: 1.3, lineDash: null },
  { lineColor: '#ff8fab', lineWidth: 1, lineDash: [1, 1] },
];

/** Style of the level at `index` (0 = top); deeper levels than the palette reuse its last entry. */
export function styleForLevel(index: number): GridLevelStyle {
  return PALETTE[Math.min(index, PALETTE.length - 1)]!;
}

/** What the map shows of a level given the active one. */
type LevelRole = 'context' | 'active' | 'hidden';

/** Levels above the active one are outlines for context, the active one is filled and clickable, deeper ones are hidden. */
export function roleOfLevel(index: number, activeIndex: number): LevelRole {
  if (index < activeIndex) return 'context';
  if (index === activeIndex) return 'active';
  return 'hidden';
}

const CELL_COLOURS = ['#3ee6b0', '#52d5ff', '#ffc857', '#c792ea', '#ff8fab', '#7c9cff', '#f78c6c', '#9be564'];

/** Fill colour of a cell of the active level: cells cycle through distinct hues so neighbours stand apart. */
export function fillColourFor(featureIndex: number): string {
  return CELL_COLOURS[featureIndex % CELL_COLOURS.length]!;
}

/** A level's line colour as RGB, for the deck.gl labels drawn in it. */
export function lineRgb(index: number): [number, number, number] {
  const n = parseInt(styleForLevel(index).lineColor.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
