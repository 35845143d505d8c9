import { getJson } from './http.ts';

/** What the response-time map measures: report → first on site, or report → closed. */
export type ResponseMeasure = 'arrive' | 'close';

/** One hexagon bin with its response times in minutes. */
export interface ResponseCell {
  q: number;
  r: number;
  count: number;
  p50: number;
  p90: number;
  centre: [number, number];
  ring: [number, number][];
}

/** GET /api/incidents/stats/hexagons */
export interface ResponseHexagons {
  measure: ResponseMeasure;
  size: number;
  colour: string | null;
  from: string;
  to: string;
  cells: ResponseCell[];
}

/** GET /api/incidents/stats/kpis (minutes; rates 0–1, null when there is nothing to divide). */
export interface ResponseKpis {
  from: string;
  to: string;
  today: number;
  reported: number;
  closed: number;
  closureRate: number | null;
  onTimeRate: number | null;
  arrive: { p50: number | null; p90: number | null };
  close: { p50: number | null; p90: number | null };
  openNow: number;
  overdueNow: number;
  daily: { day: string; reported: number; closed: number; arriveP50: number | null }[];
}

/** The period and filters both endpoints take. */
export interface StatsParams {
  days: number;
  measure: ResponseMeasure;
  size: number;
  colour: string | null;
}

function query(p: StatsParams, now: Date): string {
  const from = new Date(now.getTime() - p.days * 86_400_000).toISOString();
  const q = new URLSearchParams({ from, to: now.toISOString(), measure: p.measure, size: String(p.size) });
  if (p.colour) q.set('colour', p.colour);
  return q.toString();
}

export const fetchHexagons = (p: StatsParams, now = new Date()): Promise<ResponseHexagons> =>
  getJson(`/api/incidents/stats/hexagons?${query(p, now)}`);
export const fetchKpis = (p: StatsParams, now = new Date()): Promise<ResponseKpis> => getJson(`/api/incidents/stats/kpis?${query(p, now)}`);
