import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fetchGridDetail, fetchGrids, fetchLevels, type GridCollection, type GridDetail, type GridLevel } from '../api/grids.ts';

/** Zoom the cell outlines are simplified for; fine enough for a district-wide wall. */
const OUTLINE_ZOOM = 15;

/** The hierarchy on the map: levels, cells per areal level, the active level and the selected cell. */
export const useGridsStore = defineStore('grids', () => {
  const levels = ref<GridLevel[]>([]);
  const collections = shallowRef<Record<string, GridCollection>>({});
  const activeLevel = ref<string>('');
  const selectedCode = ref<string | null>(null);
  const selected = ref<GridDetail | null>(null);
  const error = ref<string | null>(null);
  const loaded = ref(false);

  /** Levels that tile their parent and have cells: the ones drawn as polygons. */
  const arealLevels = computed(() => levels.value.filter((l) => l.tilesParent && l.cellCount > 0));
  const root = computed(() => collections.value[arealLevels.value[0]?.key ?? '']?.features[0]?.properties ?? null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      levels.value = await fetchLevels();
      const entries = await Promise.all(arealLevels.value.map(async (l) => [l.key, await fetchGrids(l.key, OUTLINE_ZOOM)] as const));
      collections.value = Object.fromEntries(entries);
      // Start one level below the root, where there is more than one cell to compare.
      const start = arealLevels.value.find((l) => l.cellCount > 1) ?? arealLevels.value[0];
      activeLevel.value = start?.key ?? '';
      loaded.value = true;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function select(code: string | null): Promise<void> {
    selectedCode.value = code;
    if (code === null) {
      selected.value = null;
      return;
    }
    try {
      const detail = await fetchGridDetail(code);
      if (selectedCode.value === code) selected.value = detail;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function setActiveLevel(key: string): void {
    activeLevel.value = key;
  }

  /** The level below `key`, if any. */
  function childLevel(key: string): string | null {
    const i = arealLevels.value.findIndex((l) => l.key === key);
    return arealLevels.value[i + 1]?.key ?? null;
  }

  return {
    levels,
    arealLevels,
    collections,
    activeLevel,
    selectedCode,
    selected,
    error,
    loaded,
    root,
    load,
    select,
    setActiveLevel,
    childLevel,
  };
});
