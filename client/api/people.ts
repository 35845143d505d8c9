import type {
  DueVisit,
  KeyGroupCategory,
  MemberHexagons,
  MemberPoint,
  Page,
  RegisterCell,
  RegisterSummary,
  RegisterTrend,
  Resident,
  VisitInput,
  VisitRecorded,
} from '../../server/people/people-contract.ts';
import { getJson, sendJson } from './http.ts';

export type {
  DueVisit,
  KeyGroupCategory,
  MemberHexagon,
  MemberHexagons,
  MemberPoint,
  Page,
  RegisterCell,
  RegisterSummary,
  RegisterTrend,
  Resident,
  VisitInput,
} from '../../server/people/people-contract.ts';

const qs = (params: Record<string, string | number | null | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const fetchCategories = (): Promise<KeyGroupCategory[]> => getJson('/api/registers/categories');
/** Figures of every cell of `level`, or only of those under `area` (a cell of the viewer's area). */
export const fetchRegisterCells = (
  level: string,
  category: string | null,
  area: string | null = null,
): Promise<{ cells: RegisterCell[] }> => getJson(`/api/registers/cells?${qs({ level, category, area })}`);
export const fetchRegisterSummary = (grid: string): Promise<RegisterSummary> => getJson(`/api/registers/summary?${qs({ grid })}`);
export const fetchMemberHexagons = (measure: 'members' | 'overdue', category: string | null, size: number): Promise<MemberHexagons> =>
  getJson(`/api/registers/hexagons?${qs({ measure, category, size })}`);
export const fetchRegisterTrend = (category: string | null, months = 12, area: string | null = null): Promise<RegisterTrend> =>
  getJson(`/api/registers/trend?${qs({ category, months, area })}`);
export const fetchMemberPoints = (
  bbox: [number, number, number, number],
  category: string | null,
  signal?: AbortSignal,
): Promise<{ truncated: boolean; points: MemberPoint[] }> =>
  getJson(`/api/registers/points?${qs({ bbox: bbox.map((n) => n.toFixed(6)).join(','), category })}`, signal);

export const fetchResidents = (where: { grid: string } | { household: number }, page = 1): Promise<Page<Resident>> =>
  getJson(`/api/residents?${qs({ ...where, page })}`);
export const unmaskResident = (id: number, reason: string): Promise<Resident> =>
  sendJson('POST', `/api/residents/${id}/unmask`, { reason });
/** Where the browser downloads a cell's register (the server audits it with the row count). */
export const exportUrl = (grid: string, format: 'csv' | 'xlsx') => `/api/residents/export?${qs({ grid, format })}`;

export const fetchDueVisits = (grid: string, page = 1): Promise<Page<DueVisit>> => getJson(`/api/visits/due?${qs({ grid, page })}`);
export const recordVisit = (v: VisitInput): Promise<VisitRecorded> => sendJson('POST', '/api/visits', v);
