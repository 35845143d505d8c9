import { COLOURS, type Colour } from '../../../../server/incidents/incidents-contract.ts';
import type { IncidentRow } from '../../../api/incidents.ts';

/** Marker colours by severity (分色). */
export const SEVERITY_RGB: Record<string, [number, number, number]> = {
  red: [255, 77, 79],
  orange: [255, 159, 67],
  yellow: [255, 214, 10],
  blue: [64, 169, 255],
};

/** One incident marker. */
export interface IncidentMarker {
  id: string;
  position: [number, number];
  fill: [number, number, number, number];
  /** Overdue or escalated cases get a ring. */
  ring: boolean;
  /** Created within the last minute: drawn larger, with a pulse, so a new case catches the eye. */
  fresh: boolean;
  /** Epoch milliseconds of the report. */
  createdAt: number;
}

/** Markers for open incidents; closed ones leave the map. */
export function incidentMarkers(rows: readonly IncidentRow[], now: number): IncidentMarker[] {
  return rows
    .filter((r) => r.status !== 'closed' && Number.isFinite(r.lon) && Number.isFinite(r.lat))
    .map((r) => ({
      id: r.id,
      position: [r.lon, r.lat],
      fill: [...(SEVERITY_RGB[r.colour] ?? SEVERITY_RGB.blue!), 235] as [number, number, number, number],
      ring: r.overdue || r.status === 'escalated',
      fresh: now - Date.parse(r.createdAt) < 60_000,
      createdAt: Date.parse(r.createdAt),
    }));
}

/** Severity order for a cluster's colour: its most urgent member decides. */

/** Several nearby incidents drawn as one counted circle when zoomed out. */
export interface IncidentCluster {
  key: string;
  position: [number, number];
  count: number;
  ids: string[];
  fill: [number, number, number, number];
  /** Any member overdue or escalated. */
  ring: boolean;
}

/** Clustering stops at this zoom: closer in, every incident is its own marker. */
export const CLUSTER_MAX_ZOOM = 16;

/** World pixel position of a point at a zoom (Web Mercator, 512-pixel tiles as MapLibre uses). */
function worldPixel([lon, lat]: [number, number], zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

/**
 * Groups markers that fall in one square of `cellPx` screen pixels at this zoom into a cluster
 * when there are at least `minCount` of them; fresh markers always stay single (a new case must
 * catch the eye, and its pulse needs it on its own), and nothing clusters from CLUSTER_MAX_ZOOM in.
 */
export function clusterMarkers(
  markers: readonly IncidentMarker[],
  colours: ReadonlyMap<string, string>,
  zoom: number,
  cellPx = 48,
  minCount = 4,
): { singles: IncidentMarker[]; clusters: IncidentCluster[] } {
  if (zoom >= CLUSTER_MAX_ZOOM) return { singles: [...markers], clusters: [] };
  const bins = new Map<string, IncidentMarker[]>();
  const singles: IncidentMarker[] = [];
  for (const m of markers) {
    if (m.fresh) {
      singles.push(m);
      continue;
    }
    const [x, y] = worldPixel(m.position, zoom);
    const key = `${Math.floor(x / cellPx)}:${Math.floor(y / cellPx)}`;
    const bin = bins.get(key);
    if (bin) bin.push(m);
    else bins.set(key, [m]);
  }
  const clusters: IncidentCluster[] = [];
  for (const [key, members] of bins) {
    if (members.length < minCount) {
      singles.push(...members);
      continue;
    }
    const top = members
      .map((m) => colours.get(m.id) ?? 'blue')
      .sort((a, b) => COLOURS.indexOf(a as Colour) - COLOURS.indexOf(b as Colour))[0]!;
    clusters.push({
      key,
      position: [
        members.reduce((s, m) => s + m.position[0], 0) / members.length,
        members.reduce((s, m) => s + m.position[1], 0) / members.length,
      ],
      count: members.length,
      ids: members.map((m) => m.id),
      fill: [...(SEVERITY_RGB[top] ?? SEVERITY_RGB.blue!), 220] as [number, number, number, number],
      ring: members.some((m) => m.ring),
    });
  }
  return { singles, clusters };
}

/** Radius (pixels) and opacity of a new incident's pulse at time `now`: a ring that grows and fades every 1.5 s. */
export function pulseAt(now: number): { radius: number; alpha: number } {
  const phase = (now % 1500) / 1500;
  return { radius: 10 + phase * 22, alpha: Math.round(220 * (1 - phase)) };
}
