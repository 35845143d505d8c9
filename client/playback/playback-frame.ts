import type { PlaybackIncident, PlaybackWindow } from '../../server/incidents/playback-contract.ts';
import type { IncidentRow } from '../api/incidents.ts';
import { heatBreaks, heatDomainTop, type HeatDatum } from '../map/layers/stats/stats-data.ts';

/**
 * What the wall draws at a moment of a playback, as pure data: the cases as they stood then, the
 * response-time heat of those reached so far, and the clock. Tested alone; the map draws it like
 * the live list.
 */

/** An incident with its step times parsed once, so a frame at 10 per second reads numbers only. */
export interface PreparedIncident {
  incident: PlaybackIncident;
  created: number;
  times: number[];
  statuses: string[];
  /** First on site, and the last close, epoch ms (null: not in the window's data). */
  onSite: number | null;
  closed: number | null;
}

/** A window ready to replay. */
export interface PreparedWindow {
  from: number;
  to: number;
  incidents: PreparedIncident[];
}

export function prepare(day: PlaybackWindow): PreparedWindow {
  return {
    from: Date.parse(day.from),
    to: Date.parse(day.to),
    incidents: day.incidents.map((incident) => {
      const times = incident.steps.map(([at]) => Date.parse(at));
      const statuses = incident.steps.map(([, s]) => s);
      const onSiteAt = statuses.indexOf('on_site');
      const closedAt = statuses.lastIndexOf('closed');
      return {
        incident,
        created: Date.parse(incident.createdAt),
        times,
        statuses,
        onSite: onSiteAt < 0 ? null : times[onSiteAt]!,
        closed: closedAt < 0 ? null : times[closedAt]!,
      };
    }),
  };
}

/** The status an incident had at `t` (epoch ms), or null before it was reported. */
export function statusAt(p: PreparedIncident, t: number): string | null {
  let status: string | null = null;
  for (let k = 0; k < p.times.length && p.times[k]! <= t; k++) status = p.statuses[k]!;
  return status;
}

/**
 * The cases at `t` as rows the map's markers take: reported by then (a closed one leaves the map,
 * as live). No deadline is replayed, so no case is marked overdue; an escalated one keeps its ring.
 */
export function rowsAt(day: PreparedWindow, t: number): IncidentRow[] {
  const rows: IncidentRow[] = [];
  for (const p of day.incidents) {
    const status = statusAt(p, t);
    if (status === null) continue;
    const i = p.incident;
    rows.push({
      id: i.id,
      status,
      colour: i.colour,
      category: i.category,
      channel: '',
      lon: i.lon,
      lat: i.lat,
      gridCode: i.gridCode,
      gridName: null,
      placeKind: null,
      placeName: null,
      responsibleCode: i.responsibleCode,
      overdue: false,
      stepDeadline: null,
      version: 0,
      createdAt: i.createdAt,
      description: null,
      locatedBy: '',
      updatedAt: i.createdAt,
    });
  }
  return rows;
}

/** The response-time heat building up: each case reached inside the window by `t`, at its place, weighted by its minutes to arrive. */
export function heatAt(day: PreparedWindow, t: number): HeatDatum[] {
  const out: HeatDatum[] = [];
  for (const p of day.incidents) {
    if (p.onSite !== null && p.onSite >= day.from && p.onSite <= t)
      out.push({ position: [p.incident.lon, p.incident.lat], minutes: (p.onSite - p.created) / 60_000 });
  }
  return out;
}

/** The heat's colour scale, fixed for the whole window so a colour means the same minutes all day. */
export function heatDomain(day: PreparedWindow): [number, number] {
  return [0, heatDomainTop(heatBreaks(heatAt(day, day.to).map((d) => d.minutes)))];
}

/** The clock `elapsedMs` of real time later at `speed`×, stopping at the window's end. */
export function advance(t: number, speed: number, elapsedMs: number, to: number): number {
  return Math.min(to, t + speed * elapsedMs);
}

/** How many of the window's boundary changes have happened by `t`: the map's cells change with it. */
export function boundaryEpoch(changes: readonly string[], t: number): number {
  return changes.filter((c) => Date.parse(c) <= t).length;
}

/** Counts at `t` for the bar: cases open then, reported in the window so far, and closed in it so far. */
export function countsAt(day: PreparedWindow, t: number): { open: number; reported: number; closed: number } {
  let open = 0;
  let reported = 0;
  let closed = 0;
  for (const p of day.incidents) {
    const status = statusAt(p, t);
    if (status === null) continue;
    if (p.created >= day.from) reported++;
    if (status !== 'closed') open++;
    else if (p.closed !== null && p.closed >= day.from) closed++;
  }
  return { open, reported, closed };
}
