import { SEVERITY_RGB } from './incidents-data.ts';
import type { MixArc } from './cluster-mix.ts';

/** Where one ring lies in the atlas, as deck.gl's IconLayer reads it. */
interface IconFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  anchorY: number;
  mask: false;
}

/** The rings of a set of clusters drawn side by side on one canvas, and where each is. */
export interface RingAtlas {
  atlas: HTMLCanvasElement;
  mapping: Record<string, IconFrame>;
}

/** Image side in pixels: large enough for the biggest cluster on a 4K wall without blur. */
const SIDE = 128;
const PER_ROW = 8;

/**
 * Draws one ring at (ox, oy): a dark disc for the count, ringed by one arc per colour in proportion
 * to the cases of that colour, with a white outer ring when any is late.
 */
function drawRing(g: CanvasRenderingContext2D, ox: number, oy: number, arcs: readonly MixArc[], late: boolean): void {
  const c = SIDE / 2;
  const outer = late ? c - 7 : c - 2;
  const width = outer * 0.32;
  if (late) {
    g.beginPath();
    g.arc(ox + c, oy + c, c - 3.5, 0, Math.PI * 2);
    g.lineWidth = 5;
    g.strokeStyle = '#ffffff';
    g.stroke();
  }
  for (const a of arcs) {
    g.beginPath();
    // 0 at twelve o'clock, clockwise, as the arcs are measured.
    g.arc(ox + c, oy + c, outer - width / 2, (a.from - 0.25) * Math.PI * 2, (a.to - 0.25) * Math.PI * 2);
    g.lineWidth = width;
    g.strokeStyle = `rgb(${SEVERITY_RGB[a.colour]!.join(',')})`;
    g.stroke();
  }
  g.beginPath();
  g.arc(ox + c, oy + c, outer - width + 0.5, 0, Math.PI * 2);
  g.fillStyle = 'rgba(10, 20, 35, 0.94)';
  g.fill();
}

let last: { keys: string; atlas: RingAtlas } | null = null;

/**
 * One atlas of every distinct ring the clusters need, drawn here rather than loaded: deck.gl would
 * fetch each image from a data URL, which the page's CSP (connect-src 'self') rightly refuses.
 * The last atlas is reused while the set of rings is the same.
 */
export function ringAtlas(clusters: readonly { arcs: MixArc[]; icon: string; ring: boolean }[]): RingAtlas {
  const rings = new Map<string, { arcs: MixArc[]; late: boolean }>();
  for (const c of clusters) rings.set(c.icon, { arcs: c.arcs, late: c.ring });
  const keys = [...rings.keys()].sort();
  if (last?.keys === keys.join('|')) return last.atlas;
  const canvas = document.createElement('canvas');
  canvas.width = SIDE * Math.min(PER_ROW, Math.max(1, keys.length));
  canvas.height = SIDE * Math.max(1, Math.ceil(keys.length / PER_ROW));
  const g = canvas.getContext('2d')!;
  const mapping: Record<string, IconFrame> = {};
  keys.forEach((key, i) => {
    const x = (i % PER_ROW) * SIDE;
    const y = Math.floor(i / PER_ROW) * SIDE;
    const ring = rings.get(key)!;
    drawRing(g, x, y, ring.arcs, ring.late);
    mapping[key] = { x, y, width: SIDE, height: SIDE, anchorY: SIDE / 2, mask: false };
  });
  last = { keys: keys.join('|'), atlas: { atlas: canvas, mapping } };
  return last.atlas;
}
