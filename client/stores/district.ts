import { defineStore } from 'pinia';
import { ref } from 'vue';
import { fetchBreakdown, fetchGridDetail, type BreakdownRow, type GridDetail } from '../api/grids.ts';
import { batched } from './batched.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** District-wide totals and the workload breakdown shown in the side panels. */
export const useDistrictStore = defineStore('district', () => {
  const totals = ref<GridDetail | null>(null);
  const breakdown = ref<BreakdownRow[]>([]);
  const breakdownLevel = ref<string>('');
  const error = ref<string | null>(null);
  let loadedFor: { rootCode: string; level: string } | null = null;

  /** Loads the root's figures and the households-per-worker of each cell at `level`. */
  async function load(rootCode: string, level: string): Promise<void> {
    loadedFor = { rootCode, level };
    error.value = null;
    try {
      const [t, b] = await Promise.all([fetchGridDetail(rootCode), fetchBreakdown(rootCode, level)]);
      totals.value = t;
      breakdown.value = b;
      breakdownLevel.value = level;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** The workload compares cells, which a publish may have redrawn: load the same figures again after one. */
  function live(): Unsubscribe {
    const reload = batched<string>(100, () => loadedFor && void load(loadedFor.rootCode, loadedFor.level));
    const off = useRealtimeStore().on('boundary:event', (e) => reload.push(e.change.parentCode));
    return () => {
      off();
      reload.cancel();
    };
  }

  return { totals, breakdown, breakdownLevel, error, load, live };
});
