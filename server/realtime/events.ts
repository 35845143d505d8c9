/**
 * The typed socket.io contract shared by server and client (`import type` on both sides).
 */

/** Sent on connect, so walls show whether their live link is healthy. */
export interface ServerStatus {
  backend: 'pglite' | 'postgres';
  serverTime: string;
  district: { seed: string; scale: string } | null;
  /** The area room the server put this socket in. */
  areaCode: string;
  /**
   * The history sequence numbers belong to. A restore from a backup starts a new one (its numbers
   * go back); a client that sees it change reloads instead of resuming from a number of the old one.
   */
  epoch: string;
  /** The server process this socket is connected to (1 of `npm start -- --workers N`), for diagnosing a wall. */
  worker: number;
}

/** Why the server refused something a socket asked for. */
export interface AccessDenied {
  event: string;
  code: 'outside_area' | 'invalid';
}

/** Answer to a subscription request. */
export type SubscribeAck = { ok: true; room: string } | { ok: false; error: AccessDenied['code'] };

/** What a wall may know of an incident: no names, no description. */
export interface IncidentSummary {
  id: number;
  status: string;
  colour: 'red' | 'orange' | 'yellow' | 'blue';
  category: string;
  channel: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  /** The base grid's name, so a list row says where without a lookup. */
  gridName: string | null;
  /** The compound it lies in or the road it is near (our own base map); null when neither. */
  placeKind: 'compound' | 'road' | null;
  placeName: string | null;
  responsibleCode: string;
  overdue: boolean;
  stepDeadline: string | null;
  version: number;
  createdAt: string;
}

/** One change of an incident, with the outbox sequence number clients resume from. */
export interface IncidentEvent {
  seq: number;
  topic: 'incident.created' | 'incident.changed';
  incident: IncidentSummary;
}

/** One published change of a cell's boundary (no shapes: clients fetch what they show). */
export interface BoundaryChange {
  changeSetId: number;
  code: string;
  action: 'create' | 'update' | 'delete';
  parentCode: string;
  version: number;
}

/** A boundary change with its outbox sequence number (one sequence with incidents). */
export interface BoundaryEvent {
  seq: number;
  topic: 'boundary.published';
  change: BoundaryChange;
}

/** What a wall is told of a takeover: enough to know whether it is its own; it fetches the rest. */
export interface TakeoverChange {
  id: string;
  incidentId: string;
  /** The wall area it takes over; walls of other areas on its path ignore it. */
  areaCode: string;
  reason: 'red' | 'escalated';
  version: number;
  acknowledged: boolean;
}

/** A takeover raised, changed (a milestone) or acknowledged, in the one sequence with incidents. */
export interface TakeoverEvent {
  seq: number;
  topic: 'takeover.raised' | 'takeover.changed';
  takeover: TakeoverChange;
}

/** A wall token's tour was set or stopped: the wall of that token reloads it, other walls ignore it. */
export interface TourChange {
  wallTokenId: number;
  version: number;
}

/** A tour change, in the one sequence with incidents. */
export interface TourEvent {
  seq: number;
  topic: 'tour.changed';
  tour: TourChange;
}

/** Sent every 5 s by a relay that has just read the outbox: live data is flowing up to `seq`. */
export interface Heartbeat {
  serverTime: string;
  seq: number;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'server:heartbeat': (beat: Heartbeat) => void;
  'server:status': (status: ServerStatus) => void;
  'access:denied': (denied: AccessDenied) => void;
  /** Live and replayed incident changes, in sequence order; clients dedupe by `seq`. */
  'incident:event': (event: IncidentEvent) => void;
  /** A published boundary change: dashboards showing the cell's parent refetch its cells. */
  'boundary:event': (event: BoundaryEvent) => void;
  /** A takeover of a wall at or below the socket's area: the wall of `areaCode` refetches its takeovers. */
  'takeover:event': (event: TakeoverEvent) => void;
  /** A wall token's tour changed: the wall signed in with that token fetches it again. */
  'tour:event': (event: TourEvent) => void;
}

/** What a client sends in the handshake's `auth`: the last sequence it has, to replay the rest. */
export interface ClientAuth {
  lastSeq?: number;
}

/** Events the client emits. */
export interface ClientToServerEvents {
  /** Asks for a fresh status; answered through the ack. */
  'status:get': (ack: (status: ServerStatus) => void) => void;
  /** Asks to follow a cell inside the socket's area; the server decides and joins the room itself. */
  'grid:subscribe': (code: string, ack: (result: SubscribeAck) => void) => void;
}

/** Nothing is exchanged between servers yet. */
export type InterServerEvents = Record<string, never>;
