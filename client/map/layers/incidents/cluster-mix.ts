import { COLOURS, type Colour } from '../../../../server/incidents/incidents-contract.ts';

/** How many of a cluster's cases are of each colour. */
export type ColourMix = Record<Colour, number>;

/** One arc of a cluster's ring: a colour from one fraction of the turn to another (0 at the top, clockwise). */
export interface MixArc {
  colour: Colour;
  from: number;
  to: number;
}

/** Counts the colours of a cluster's members (anything unknown counts as blue, as markers draw it). */
export function mixOf(colours: Iterable<string>): ColourMix {
  const mix: ColourMix = { red: 0, orange: 0, yellow: 0, blue: 0 };
  for (const c of colours) mix[(COLOURS as readonly string[]).includes(c) ? (c as Colour) : 'blue']++;
  return mix;
}

/**
 * The ring of a cluster in `steps` equal parts shared out by count, most urgent colour first: every
 * colour present gets at least one part, so one red case among a hundred blue ones still shows.
 * Rounded to parts, the same mix always gives the same ring, so rings can be drawn once and reused.
 */
export function mixArcs(mix: ColourMix, steps = 24): MixArc[] {
  const present = COLOURS.filter((c) => mix[c] > 0);
  const total = present.reduce((s, c) => s + mix[c], 0);
  if (total === 0) return [];
  const parts = new Map(present.map((c) => [c, 1]));
  // The rest of the parts go, one at a time, to the colour furthest below its share.
  for (let left = steps - present.length; left > 0; left--) {
    const behind = present.reduce((best, c) =>
      (mix[c] / total) * steps - parts.get(c)! > (mix[best] / total) * steps - parts.get(best)! ? c : best,
    );
    parts.set(behind, parts.get(behind)! + 1);
  }
  const arcs: MixArc[] = [];
  let at = 0;
  for (const c of present) {
    const to = at + parts.get(c)! / steps;
    arcs.push({ colour: c, from: at, to });
    at = to;
  }
  return arcs;
}

/** A ring's identity: equal keys draw the same image. */
export const arcsKey = (arcs: readonly MixArc[], late: boolean): string =>
  `${late ? 'L' : ''}${arcs.map((a) => `${a.colour[0]}${Math.round(a.from * 240)}-${Math.round(a.to * 240)}`).join('')}`;
