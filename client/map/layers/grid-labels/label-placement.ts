import { worldPixel } from '../../world-pixel.ts';

/** A label to place: where it is anchored (centred) and what it says. */
export interface Placeable {
  position: [number, number];
  text: string;
}

/** Something a label must not cover: a circle of `radius` pixels (a cluster, a marker). */
export interface Obstacle {
  position: [number, number];
  radius: number;
}

/** Width of a text in ems: CJK characters are a full em, Latin letters and digits about half. */
export function textEms(text: string): number {
  let ems = 0;
  for (const ch of text) ems += ch.codePointAt(0)! > 0x2e7f ? 1 : 0.58;
  return ems;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Hash-cell side in pixels: a few labels wide, so a box touches a handful of cells. */
const CELL = 96;

/**
 * The labels that can be drawn at this zoom without touching one another or an obstacle, chosen
 * greedily in `order` (most important first): a label that would overlap one already placed gives
 * way. Boxes live in world pixels, so the answer holds for the whole zoom level and panning never
 * needs it again. `sizePx` is the text's height on screen; `gapPx` the clear margin around each box.
 */
export function placeLabels<T extends Placeable>(
  order: readonly T[],
  zoom: number,
  sizePx: number,
  obstacles: readonly Obstacle[] = [],
  gapPx = sizePx * 0.35,
): T[] {
  const cells = new Map<string, Box[]>();
  const keys = (b: Box): string[] => {
    const out: string[] = [];
    for (let i = Math.floor(b.x0 / CELL); i <= Math.floor(b.x1 / CELL); i++)
      for (let j = Math.floor(b.y0 / CELL); j <= Math.floor(b.y1 / CELL); j++) out.push(`${i}:${j}`);
    return out;
  };
  const hits = (b: Box): boolean =>
    keys(b).some((k) => cells.get(k)?.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) ?? false);
  const add = (b: Box): void => {
    for (const k of keys(b)) {
      const list = cells.get(k);
      if (list) list.push(b);
      else cells.set(k, [b]);
    }
  };
  for (const o of obstacles) {
    const [x, y] = worldPixel(o.position, zoom);
    add({ x0: x - o.radius, y0: y - o.radius, x1: x + o.radius, y1: y + o.radius });
  }
  const placed: T[] = [];
  for (const label of order) {
    const [x, y] = worldPixel(label.position, zoom);
    const half = (textEms(label.text) * sizePx) / 2 + gapPx;
    const box = { x0: x - half, x1: x + half, y0: y - sizePx * 0.6 - gapPx, y1: y + sizePx * 0.6 + gapPx };
    if (hits(box)) continue;
    add(box);
    placed.push(label);
  }
  return placed;
}
