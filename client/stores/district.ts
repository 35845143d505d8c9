import { defineStore } from 'pinia';
import { ref } from 'vue';
import { fetchBreakdown, fetchGridDetail, type BreakdownRow, type GridDetail } from '../api/grids.ts';

/** District-wide totals and the workload breakdown shown in the side panels. */
export const useDistrictStore = defineStore('district', () => {
  const totals = ref<GridDetail | null>(null);
  const breakdown = ref<BreakdownRow[]>([]);
  const breakdownLevel = ref<string>('');
  const error = ref<string | null>(null);

  /** Loads the root's figures and the households-per-worker of each cell at `level`. */
  async function load(rootCode: string, level: string): Promise<void> {
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

  return { totals, breakdown, breakdownLevel, error, load };
});
