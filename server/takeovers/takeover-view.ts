import type { Countdown, EmergencyLimits, MarkedMilestone, NearbyStaff, TakeoverReason, TakeoverView } from './takeovers-contract.ts';

/** One row of `SELECT_OPEN_FOR_AREA` as the driver returns it. */
export interface TakeoverRow {
  id: string;
  version: number;
  reason: TakeoverReason;
  areaCode: string;
  raisedAt: Date | string;
  incidentId: string;
  category: string;
  categoryZh: string;
  categoryEn: string;
  colour: TakeoverView['incident']['colour'];
  status: string;
  lon: number;
  lat: number;
  gridName: string | null;
  responsibleName: string;
  createdAt: Date | string;
  stepDeadline: Date | string | null;
  onSiteAt: Date | string | null;
  handler: string | null;
  placeKind: 'compound' | 'road' | null;
  placeName: string | null;
  milestones: Partial<Record<MarkedMilestone, string>> | null;
  dispatched: { at: string; to: string; actor: string }[];
  nearestStaff: NearbyStaff[];
}

const iso = (v: Date | string): string => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null | undefined): string | null => (v === null || v === undefined ? null : iso(v));
const plus = (from: Date | string, minutes: number): string => new Date(new Date(from).getTime() + minutes * 60_000).toISOString();

/**
 * The countdowns of a takeover. A red case runs the emergency targets from its report (on site,
 * informed, transferred); on site is met by the lifecycle, the other two when the centre marks
 * them. An escalated case that is not red runs the deadline its new level has to accept it.
 */
export function countdowns(row: TakeoverRow, limits: EmergencyLimits): Countdown[] {
  if (row.colour === 'red') {
    // The lifecycle passes through on_site before it can resolve, so its time is always there once met.
    return [
      { key: 'arrive', due: plus(row.createdAt, limits.arrive), doneAt: isoOrNull(row.onSiteAt) },
      { key: 'inform', due: plus(row.createdAt, limits.inform), doneAt: isoOrNull(row.milestones?.inform) },
      { key: 'transfer', due: plus(row.createdAt, limits.transfer), doneAt: isoOrNull(row.milestones?.transfer) },
    ];
  }
  if (row.status === 'escalated' && row.stepDeadline) return [{ key: 'accept', due: iso(row.stepDeadline), doneAt: null }];
  return [];
}

/** A row as the wall receives it; names of staff and dispatchers only for viewers who may see people. */
export function takeoverView(row: TakeoverRow, limits: EmergencyLimits, showPeople: boolean): TakeoverView {
  return {
    id: row.id,
    version: row.version,
    reason: row.reason,
    areaCode: row.areaCode,
    raisedAt: iso(row.raisedAt),
    incident: {
      id: row.incidentId,
      category: row.category,
      categoryName: { zh: row.categoryZh, en: row.categoryEn },
      colour: row.colour,
      status: row.status,
      lon: row.lon,
      lat: row.lat,
      gridName: row.gridName,
      responsibleName: row.responsibleName,
      place: row.placeKind && row.placeName ? { kind: row.placeKind, name: row.placeName } : null,
      createdAt: iso(row.createdAt),
      stepDeadline: isoOrNull(row.stepDeadline),
      handler: row.handler === null ? null : { name: showPeople ? row.handler : null },
    },
    dispatched: row.dispatched.map((d) => ({ at: iso(d.at), to: d.to, actor: showPeople ? d.actor : null })),
    countdowns: countdowns(row, limits),
    nearestStaff: row.nearestStaff.map((n) => ({ ...n, name: showPeople ? n.name : null })),
  };
}
