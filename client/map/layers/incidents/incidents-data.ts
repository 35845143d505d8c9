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
  /** Created within the last minute: drawn larger so a new case catches the eye. */
  fresh: boolean;
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
    }));
}
