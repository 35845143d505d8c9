import { getJson, sendJson } from './http.ts';

/** A key-group category and how far the viewer sees its people: one by one, its own charges only, or counts only. */
export interface KeyGroupCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'visit' | 'watch';
  everyDays: number;
  active: boolean;
  individuals: 'all' | 'own' | 'none';
}

/** Register figures of one cell of a level (GET /api/registers/cells). */
export interface RegisterCell {
  code: string;
  name: string;
  households: number;
  rental: number;
  residents: number;
  floating: number;
  members: number;
  overdue: number;
}

/** A cell's register summary (GET /api/registers/summary). */
export interface RegisterSummary {
  code: string;
  name: string;
  level: string;
  households: number;
  rental: number;
  residents: number;
  floating: number;
  ages: { under15: number; from15to59: number; over60: number; over80: number };
  keyGroups: { category: string; members: number; overdue: number; dueSoon: number }[];
}

/** One hexagon of key-group members (GET /api/registers/hexagons). */
export interface MemberHexagon {
  q: number;
  r: number;
  count: number;
  overdue: number;
  centre: [number, number];
  ring: [number, number][];
}

export interface MemberHexagons {
  measure: 'members' | 'overdue';
  category: string | null;
  size: number;
  /** Bins with fewer members than this are withheld (for viewers who may not see those people). */
  minCount: number;
  withheld: number;
  cells: MemberHexagon[];
}

/** Members per month and category (GET /api/registers/trend). */
export interface RegisterTrend {
  months: number;
  rows: { month: string; category: string; members: number }[];
}

/** A household with key-group members, at close zoom, for readers of people: no names, no numbers. */
export interface MemberPoint {
  householdId: number;
  lon: number;
  lat: number;
  gridCode: string;
  categories: string[];
  members: number;
  overdue: boolean;
}

/** A resident as the register answers: masked unless unmasked for that one request. */
export interface Resident {
  id: number;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  gender: 'M' | 'F';
  birthDate: string;
  hukou: 'registered' | 'floating';
  householdId: number;
  address: string;
  tenure: 'owner' | 'rental' | null;
  gridCode: string;
  keyGroups: string[];
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/** One person on a must-visit list (masked). */
export interface DueVisit {
  memberId: number;
  residentId: number;
  name: string | null;
  address: string;
  gridCode: string;
  category: string;
  kind: 'visit' | 'watch';
  lastVisitAt: string | null;
  dueAt: string;
  overdue: boolean;
}

/** The one-tap "visited". */
export interface VisitInput {
  memberId: number;
  found: string;
  followUp: boolean;
  location?: { lon: number; lat: number };
  raise?: { category: string; description: string };
}

const qs = (params: Record<string, string | number | null | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const fetchCategories = (): Promise<KeyGroupCategory[]> => getJson('/api/registers/categories');
export const fetchRegisterCells = (level: string, category: string | null): Promise<{ cells: RegisterCell[] }> =>
  getJson(`/api/registers/cells?${qs({ level, category })}`);
export const fetchRegisterSummary = (grid: string): Promise<RegisterSummary> => getJson(`/api/registers/summary?${qs({ grid })}`);
export const fetchMemberHexagons = (measure: 'members' | 'overdue', category: string | null, size: number): Promise<MemberHexagons> =>
  getJson(`/api/registers/hexagons?${qs({ measure, category, size })}`);
export const fetchRegisterTrend = (category: string | null, months = 12): Promise<RegisterTrend> =>
  getJson(`/api/registers/trend?${qs({ category, months })}`);
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
export const recordVisit = (v: VisitInput): Promise<{ id: string; visitedAt: string; nextDueAt: string; incidentId: string | null }> =>
  sendJson('POST', '/api/visits', v);
