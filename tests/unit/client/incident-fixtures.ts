/** Fixtures shared by the client's incident tests. */
import type { IncidentEvent } from '../../../server/realtime/events.ts';

/** What a wall knows of an incident, at a version and status. */
export const summary = (id: number, version: number, status = 'reported'): IncidentEvent['incident'] => ({
  id,
  status,
  colour: 'red',
  category: 'hazard',
  channel: 'patrol',
  lon: 116.9,
  lat: 34.7,
  gridCode: '379901001001001',
  gridName: '第一网格',
  placeKind: 'road',
  placeName: '清泉路',
  responsibleCode: '379901001001001',
  overdue: false,
  stepDeadline: null,
  version,
  createdAt: '2026-11-22T10:00:00Z',
});
