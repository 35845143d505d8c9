import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';
import { useSessionStore } from './session.ts';
import { fetchHexagons, fetchKpis, type ResponseHexagons, type ResponseKpis, type StatsParams } from '../api/stats.ts';
import { heatBreaks, hexSizeFor, legendBreaks, type ResponseStat } from '../map/layers/stats/stats-data.ts';

/** What the map shows on top of the grids. */
export type MapMode = 'incidents' | 'heat' | 'hexagons';

/** KPIs move with every case; refetch them a little after a burst of live events, not on each one. */
const KPI_REFRESH_MS = 3000;

/** Response-time map and KPIs of the viewer's area for the chosen period, measure and colour. */
export const useStatsStore = defineStore('stats', () => {
  const mode = ref<MapMode>('incidents');
  const stat = ref<ResponseStat>('p50');
  const params = reactive<StatsParams>({ days: 30, measure: 'arrive', size: 300, colour: null, area: null });
  const hexagons = shallowRef<ResponseHexagons | null>(null);
  const kpis = shallowRef<ResponseKpis | null>(null);
  const error = ref<string | null>(null);
  let kpiTimer: ReturnType<typeof setTimeout> | null = null;
  let mapRequest = 0;

  const breaks = computed(() => {
    const values = hexagons.value?.cells.map((c) => c[stat.value]) ?? [];
    return mode.value === 'heat' ? heatBreaks(values) : legendBreaks(values);
  });

  async function loadMap(): Promise<void> {
    if (mode.value === 'incidents') return;
    const ticket = ++mapRequest;
    try {
      const result = await fetchHexagons(params);
      if (ticket === mapRequest) hexagons.value = result;
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  let kpiRequest = 0;
  async function loadKpis(): Promise<void> {
    const ticket = ++kpiRequest;
    try {
      const result = await fetchKpis(params);
      // Only the latest request fills the panel: a drill-down may have moved on meanwhile.
      if (ticket !== kpiRequest) return;
      kpis.value = result;
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Refetches the KPIs a little after live incident events. */
  function touch(): void {
    if (kpiTimer) return;
    kpiTimer = setTimeout(() => {
      kpiTimer = null;
      void loadKpis();
    }, KPI_REFRESH_MS);
  }

  /** KPIs follow the live incidents. */
  const live = (): Unsubscribe => useRealtimeStore().on('incident:event', touch);

  function setAreaKm2(areaKm2: number | null | undefined): void {
    params.size = hexSizeFor(areaKm2);
  }

  watch(mode, () => void loadMap());
  watch(
    () => [params.days, params.measure, params.colour, params.size, params.area],
    () => {
      // The hexagon size follows the district's area for every role; only readers of incidents ask for figures.
      if (!useSessionStore().can('incidents:read')) return;
      void loadMap();
      void loadKpis();
    },
  );

  return { mode, stat, params, hexagons, kpis, breaks, error, loadMap, loadKpis, touch, live, setAreaKm2 };
});
