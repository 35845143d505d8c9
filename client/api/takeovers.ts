import type { EmergencyLimits, MarkedMilestone, TakeoverList } from '../../server/takeovers/takeovers-contract.ts';
import { getJson, sendJson } from './http.ts';

export type {
  Countdown,
  EmergencyLimits,
  MarkedMilestone,
  NearbyStaff,
  TakeoverList,
  TakeoverView,
} from '../../server/takeovers/takeovers-contract.ts';

/** GET /api/takeovers: the open takeovers of the viewer's own wall, newest first. */
export const fetchTakeovers = (): Promise<TakeoverList> => getJson('/api/takeovers');

/** Acknowledges a takeover as seen (its version), giving the wall its space back. */
export const acknowledgeTakeover = (id: string, version: number): Promise<void> =>
  sendJson('POST', `/api/takeovers/${encodeURIComponent(id)}/acknowledge`, { version });

/** Marks an emergency milestone (informed, transferred) of the takeover's incident done. */
export const markMilestone = (id: string, milestone: MarkedMilestone): Promise<void> =>
  sendJson('POST', `/api/takeovers/${encodeURIComponent(id)}/milestones/${milestone}`);

/** GET /api/admin/emergency-limits: minutes from the report to each emergency target. */
export const fetchEmergencyLimits = (): Promise<EmergencyLimits> => getJson('/api/admin/emergency-limits');

/** PUT /api/admin/emergency-limits (audited); running countdowns follow at once. */
export const saveEmergencyLimits = (limits: EmergencyLimits): Promise<EmergencyLimits> =>
  sendJson('PUT', '/api/admin/emergency-limits', limits);
