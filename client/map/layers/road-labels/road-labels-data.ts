import type { RoadLabel } from '../../../api/basemap.ts';

/** One road-name label, turned to run along its road. */
export interface RoadLabelDatum {
  text: string;
  position: [number, number];
  /** Counter-clockwise degrees from east, kept within ±90 so text never reads upside down. */
  angle: number;
  major: boolean;
}

/** Converts a compass bearing (clockwise from north) of a road into a readable text angle. */
export function textAngleFromBearing(bearing: number): number {
  let angle = 90 - bearing;
  while (angle > 90) angle -= 180;
  while (angle <= -90) angle += 180;
  return angle;
}

/** Road labels from the server's anchors, each name once (its longest stretch). */
export function roadLabelsFrom(labels: readonly RoadLabel[]): RoadLabelDatum[] {
  const seen = new Set<string>();
  const out: RoadLabelDatum[] = [];
  for (const l of [...labels].sort((a, b) => b.lengthM - a.lengthM)) {
    if (seen.has(l.name)) continue;
    seen.add(l.name);
    out.push({ text: l.name, position: [l.lon, l.lat], angle: textAngleFromBearing(l.bearing), major: l.roadClass !== 'local' });
  }
  return out;
}
