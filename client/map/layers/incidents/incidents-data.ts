import { COLOURS } from '../../../../server/incidents/incidents-contract.ts';
import { arcsKey, mixArcs, mixOf, type ColourMix, type MixArc } from './cluster-mix.ts';
import type { IncidentRow } from '../../../api/incidents.ts';
import { worldPixel } from '../../world-pixel.ts';

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

/** Several nearby incidents drawn as one counted circle when zoomed out. */
export interface IncidentCluster {
  key: string;
  position: [number, number];
  count: number;
  ids: string[];
  /** The most urgent member's colour, for the count's badge. */
  fill: [number, number, number, number];
  /** How many members are of each colour: the cluster's ring shows the share of each. */
  mix: ColourMix;
  /** Any member overdue or escalated. */
  ring: boolean;
  /** The ring's arcs (the mix in whole parts of the turn) and its image's key in the ring atlas. */
  arcs: MixArc[];
  icon: string;
}

/** Clustering stops at this zoom: closer in, every incident is its own marker. */
export const CLUSTER_MAX_ZOOM = 16;

/** Diameter in pixels (at scale 1) of a cluster's ring: grows with the count, up to a limit. */
export const clusterDiameter = (count: number): number => 2 * Math.min(24, 11 + Math.sqrt(count) * 2.2);

/** Squares of this many pixels (at scale 1) make a cluster: wider than the largest ring. */
export const CLUSTER_CELL_PX = 60;

/** Markers of one cluster in the making, with where its ring would be drawn in world pixels. */
interface Group {
  members: IncidentMarker[];
  x: number;
  y: number;
}

/**
 * Groups markers that fall in one square of `cellPx` screen pixels at this zoom into a cluster
 * when there are at least `minCount` of them; then merges clusters whose rings would touch (two
 * neighbouring squares' centres can lie close together), largest first, so no two counts
 * overprint. Fresh markers always stay single (a new case must catch the eye, and its pulse needs
 * it on its own), and nothing clusters from CLUSTER_MAX_ZOOM in.
 */
export function clusterMarkers(
  markers: readonly IncidentMarker[],
  colours: ReadonlyMap<string, string>,
  zoom: number,
  cellPx = CLUSTER_CELL_PX,
  minCount = 4,
): { singles: IncidentMarker[]; clusters: IncidentCluster[] } {
  if (zoom >= CLUSTER_MAX_ZOOM) return { singles: [...markers], clusters: [] };
  const scale = cellPx / CLUSTER_CELL_PX;
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
  const centre = (members: readonly IncidentMarker[]): [number, number] => [
    members.reduce((s, m) => s + m.position[0], 0) / members.length,
    members.reduce((s, m) => s + m.position[1], 0) / members.length,
  ];
  const groups: Group[] = [];
  for (const members of bins.values()) {
    if (members.length < minCount) singles.push(...members);
    else {
      const [x, y] = worldPixel(centre(members), zoom);
      groups.push({ members, x, y });
    }
  }
  groups.sort((a, b) => b.members.length - a.members.length);
  const radius = (g: Group) => (clusterDiameter(g.members.length) / 2) * scale;
  const merged = new Set<Group>();
  for (const g of groups) {
    if (merged.has(g)) continue;
    for (let grew = true; grew;) {
      grew = false;
      for (const h of groups) {
        if (h === g || merged.has(h) || Math.hypot(g.x - h.x, g.y - h.y) >= radius(g) + radius(h)) continue;
        merged.add(h);
        g.members = [...g.members, ...h.members];
        [g.x, g.y] = worldPixel(centre(g.members), zoom);
        grew = true;
      }
    }
  }
  const clusters: IncidentCluster[] = groups
    .filter((g) => !merged.has(g))
    .map(({ members }) => {
      const mix = mixOf(members.map((m) => colours.get(m.id) ?? 'blue'));
      const top = COLOURS.find((c) => mix[c] > 0) ?? 'blue';
      const ring = members.some((m) => m.ring);
      const arcs = mixArcs(mix);
      return {
        key: members[0]!.id,
        position: centre(members),
        count: members.length,
        ids: members.map((m) => m.id),
        fill: [...(SEVERITY_RGB[top] ?? SEVERITY_RGB.blue!), 220] as [number, number, number, number],
        mix,
        ring,
        arcs,
        icon: arcsKey(arcs, ring),
      };
    });
  return { singles, clusters };
}

/** Radius (pixels) and opacity of a new incident's pulse at time `now`: a ring that grows and fades every 1.5 s. */
export function pulseAt(now: number): { radius: number; alpha: number } {
  const phase = (now % 1500) / 1500;
  return { radius: 10 + phase * 22, alpha: Math.round(220 * (1 - phase)) };
}
