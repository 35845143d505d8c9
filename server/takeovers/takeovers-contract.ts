import { z } from 'zod';

/**
 * Emergency takeovers of the wall, as both sides see them: a red incident, or an escalation to a
 * wall's own cell, holds part of that wall until a commander acknowledges it.
 */

/** Why a takeover was raised. */
export type TakeoverReason = 'red' | 'escalated';

/** The milestones the centre marks by hand; "on site" is the lifecycle's own step. */
export const MARKED_MILESTONES = ['inform', 'transfer'] as const;
export type MarkedMilestone = (typeof MARKED_MILESTONES)[number];

/** Every countdown a takeover can show. `accept` is the escalated level's own deadline to take the case. */
export type CountdownKey = 'arrive' | MarkedMilestone | 'accept';

/** Minutes from the report to each emergency target (seeds, 000: 1 h on site, 2 h informed, 3 h transferred). */
export interface EmergencyLimits {
  arrive: number;
  inform: number;
  transfer: number;
}

/** The defaults migration 019 stores. */
export const DEFAULT_EMERGENCY_LIMITS: EmergencyLimits = { arrive: 60, inform: 120, transfer: 180 };

/** Body of PUT /api/admin/emergency-limits: each target in minutes, in order (on site first, transfer last). */
export const emergencyLimitsSchema = z
  .object({
    arrive: z.number().int().min(5).max(1440),
    inform: z.number().int().min(5).max(1440),
    transfer: z.number().int().min(5).max(2880),
  })
  .strict()
  .refine((l) => l.arrive <= l.inform && l.inform <= l.transfer, {
    message: '时限应依次不减：到场 ≤ 信息报送 ≤ 转移 / targets must not decrease: on site ≤ informed ≤ transferred',
    path: ['inform'],
  });

/** Body of POST /api/takeovers/:id/acknowledge: the version seen, so a commander acknowledges what is on screen. */
export const acknowledgeSchema = z.object({ version: z.number().int().positive() }).strict();

/** One countdown: when it falls due and when it was met (null while it runs). */
export interface Countdown {
  key: CountdownKey;
  due: string;
  doneAt: string | null;
}

/** A member of staff near the incident: the grid they serve and how far the point lies from it. */
export interface NearbyStaff {
  /** Null for viewers who may not see people (walls show the duty and the grid). */
  name: string | null;
  duty: 'grid_leader' | 'full_time' | 'part_time';
  gridName: string;
  metres: number;
}

/** A takeover as a wall shows it: no description, no reporter; people named only to viewers who may see people. */
export interface TakeoverView {
  id: string;
  version: number;
  reason: TakeoverReason;
  areaCode: string;
  raisedAt: string;
  incident: {
    id: string;
    category: string;
    categoryName: { zh: string; en: string };
    colour: 'red' | 'orange' | 'yellow' | 'blue';
    status: string;
    lon: number;
    lat: number;
    gridName: string | null;
    responsibleName: string;
    /** The compound it lies in, else the nearest named road within 300 m. */
    place: { kind: 'compound' | 'road'; name: string } | null;
    createdAt: string;
    stepDeadline: string | null;
    /** Who handles it: null when nobody is assigned; the name null for viewers who may not see people. */
    handler: { name: string | null } | null;
  };
  /** The lifecycle steps that sent people: accepted, dispatched, on site, escalated. */
  dispatched: { at: string; to: string; actor: string | null }[];
  countdowns: Countdown[];
  nearestStaff: NearbyStaff[];
}

/** GET /api/takeovers: the viewer's wall's open takeovers, newest first, and how many there are in all. */
export interface TakeoverList {
  takeovers: TakeoverView[];
  total: number;
}
