import type { ResponseHexagons, ResponseKpis, ResponseMeasure } from '../../server/incidents/stats-contract.ts';
import { getJson } from './http.ts';

export type { ResponseCell, ResponseHexagons, ResponseKpis, ResponseMeasure } from '../../server/incidents/stats-contract.ts';

/** The period and filters both endpoints take. */
export interface StatsParams {
  days: number;
  measure: ResponseMeasure;
  size: number;
  colour: string | null;
  /** The cell the wall has drilled into (null: the viewer's whole area). */
  area: string | null;
}

function query(p: StatsParams, now: Date): string {
  const from = new Date(now.getTime() - p.days * 86_400_000).toISOString();
  const q = new URLSearchParams({ from, to: now.toISOString(), measure: p.measure, size: String(p.size) });
  if (p.colour) q.set('colour', p.colour);
  if (p.area) q.set('area', p.area);
  return q.toString();
}

export const fetchHexagons = (p: StatsParams, now = new Date()): Promise<ResponseHexagons> =>
  getJson(`/api/incidents/stats/hexagons?${query(p, now)}`);
export const fetchKpis = (p: StatsParams, now = new Date()): Promise<ResponseKpis> => getJson(`/api/incidents/stats/kpis?${query(p, now)}`);
