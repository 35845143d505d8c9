import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  fetchCategories,
  fetchMemberHexagons,
  fetchMemberPoints,
  fetchRegisterCells,
  fetchRegisterSummary,
  fetchRegisterTrend,
  type KeyGroupCategory,
  type MemberHexagons,
  type MemberPoint,
  type RegisterCell,
  type RegisterSummary,
  type RegisterTrend,
} from '../api/people.ts';
import { countBreaks, POINTS_MIN_ZOOM, pointsBox, type RegistersMode } from '../map/layers/people/people-data.ts';
import { useGridsStore } from './grids.ts';
import { useStatsStore } from './stats.ts';
import { useSessionStore } from './session.ts';

/**
 * The population layer and panels: key-group figures per cell, density hexagons, overdue hot spots,
 * the selected cell's register summary and, for readers of people at close zoom, member households.
 * Everything but the points is aggregate and open to every viewer of the area (a wall included).
 */
export const usePeopleStore = defineStore('people', () => {
  const grids = useGridsStore();
  const response = useStatsStore();
  const session = useSessionStore();

  const categories = ref<KeyGroupCategory[]>([]);
  const mode = ref<RegistersMode>('off');
  const category = ref<string | null>(null);
  const cells = shallowRef<RegisterCell[]>([]);
  const hexagons = shallowRef<MemberHexagons | null>(null);
  const points = shallowRef<MemberPoint[]>([]);
  const pointsTruncated = ref(false);
  const summary = shallowRef<RegisterSummary | null>(null);
  const trend = shallowRef<RegisterTrend | null>(null);
  const compliance = shallowRef<RegisterCell[]>([]);
  const areaSummary = shallowRef<RegisterSummary | null>(null);
  const hexSize = ref(300);
  const error = ref<string | null>(null);
  let ticket = 0;
  let pointsAbort: AbortController | null = null;

  /** Whether this viewer may ask for individual households at all (the server decides per category too). */
  const canSeePoints = computed(() => session.can('people:read'));

  const breaks = computed(() => {
    if (mode.value === 'counts') return countBreaks(cells.value.map((c) => c.members));
    const measure = mode.value === 'overdue' ? 'overdue' : 'count';
    return countBreaks(hexagons.value?.cells.map((c) => c[measure]) ?? []);
  });

  const categoryName = (code: string, locale: string) => {
    const c = categories.value.find((x) => x.code === code);
    return c ? (locale === 'en' ? c.nameEn : c.nameZh) : code;
  };

  async function loadCategories(): Promise<void> {
    try {
      categories.value = (await fetchCategories()).filter((c) => c.active);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** The map layer's data for the current mode, level and category; late answers of an older request are dropped. */
  async function loadLayer(): Promise<void> {
    const mine = ++ticket;
    try {
      if (mode.value === 'counts' && grids.activeLevel) {
        const result = await fetchRegisterCells(grids.activeLevel, category.value);
        if (mine === ticket) cells.value = result.cells;
      } else if (mode.value === 'density' || mode.value === 'overdue') {
        const result = await fetchMemberHexagons(mode.value === 'overdue' ? 'overdue' : 'members', category.value, hexSize.value);
        if (mine === ticket) hexagons.value = result;
      }
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Member households in view, when the layer is on, the map is close enough and the viewer reads people. */
  async function loadPoints(bounds: [number, number, number, number], zoom: number): Promise<void> {
    pointsAbort?.abort();
    if (mode.value === 'off' || zoom < POINTS_MIN_ZOOM || !canSeePoints.value) {
      points.value = [];
      pointsTruncated.value = false;
      return;
    }
    const abort = new AbortController();
    pointsAbort = abort;
    try {
      const result = await fetchMemberPoints(pointsBox(bounds), category.value, abort.signal);
      if (abort.signal.aborted) return;
      points.value = result.points;
      pointsTruncated.value = result.truncated;
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = (err as Error).message;
    }
  }

  async function loadSummary(code: string | null): Promise<void> {
    summary.value = null;
    if (!code) return;
    try {
      const result = await fetchRegisterSummary(code);
      if (grids.selectedCode === code) summary.value = result;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /**
   * The charts' data for the cell in scope (the viewer's area or the cell drilled into): its key
   * groups now and month by month, and visit compliance per cell of `level` under `cellsCode`
   * (the scope, or a grid's parent so that a grid is compared with its neighbours).
   */
  let chartsRequest = 0;
  async function loadCharts(scopeCode: string, cellsCode: string, level: string): Promise<void> {
    const request = ++chartsRequest;
    try {
      const [a, t, c] = await Promise.all([
        fetchRegisterSummary(scopeCode),
        fetchRegisterTrend(null, 12, scopeCode),
        level ? fetchRegisterCells(level, null, cellsCode) : null,
      ]);
      // A quicker drill after this one has the last word.
      if (request !== chartsRequest) return;
      areaSummary.value = a;
      trend.value = t;
      compliance.value = c?.cells ?? [];
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  watch([mode, category, () => grids.activeLevel, hexSize], () => {
    if (mode.value !== 'off') void loadLayer();
  });
  // The summary panel shows only with the population layer on; it is asked for only then.
  watch([() => grids.selectedCode, () => mode.value !== 'off'], ([code, on]) => void loadSummary(on ? code : null));
  // One thing painted under the markers at a time: the population layer or the response-time layer.
  watch(mode, (m) => {
    if (m !== 'off') response.mode = 'incidents';
    else points.value = [];
  });
  watch(
    () => response.mode,
    (m) => {
      if (m !== 'incidents') mode.value = 'off';
    },
  );

  return {
    categories,
    mode,
    category,
    cells,
    hexagons,
    points,
    pointsTruncated,
    summary,
    trend,
    compliance,
    areaSummary,
    hexSize,
    breaks,
    error,
    canSeePoints,
    categoryName,
    loadCategories,
    loadLayer,
    loadPoints,
    loadSummary,
    loadCharts,
  };
});
