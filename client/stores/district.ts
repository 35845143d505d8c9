import { defineStore } from 'pinia';
import { ref } from 'vue';
import { fetchBreakdown, fetchGridDetail, type BreakdownRow, type GridDetail } from '../api/grids.ts';
import { batched } from './batched.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** The totals of the cell in scope and the workload breakdown shown in the side panels. */
export const useDistrictStore = defineStore('district', () => {
  const totals = ref<GridDetail | null>(null);
  const breakdown = ref<BreakdownRow[]>([]);
  const breakdownLevel = ref<string>('');
  const error = ref<string | null>(null);
  let loadedFor: { code: string; breakdownCode: string; level: string } | null = null;
  let request = 0;

  /**
   * Loads the figures of the cell in scope (the viewer's area or the cell drilled into) and the
   * households per worker of each cell at `level` under `breakdownCode`.
   */
  async function load(code: string, breakdownCode: string, level: string): Promise<void> {
    loadedFor = { code, breakdownCode, level };
    const ticket = ++request;
    error.value = null;
    try {
      const [t, b] = await Promise.all([fetchGridDetail(code), fetchBreakdown(breakdownCode, level)]);
      // A later drill has the last word, whichever answer arrives first.
      if (ticket !== request) return;
      totals.value = t;
      breakdown.value = b;
      breakdownLevel.value = level;
    } catch (err) {
      if (ticket === request) error.value = (err as Error).message;
    }
  }

  /** The workload compares cells, which a publish may have redrawn: load the same figures again after one. */
  function live(): Unsubscribe {
    const reload = batched<string>(100, () => loadedFor && void load(loadedFor.code, loadedFor.breakdownCode, loadedFor.level));
    const off = useRealtimeStore().on('boundary:event', (e) => reload.push(e.change.parentCode));
    return () => {
      off();
      reload.cancel();
    };
  }

  return { totals, breakdown, breakdownLevel, error, load, live };
});
