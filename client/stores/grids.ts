import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  fetchBreakdown,
  fetchGridDetail,
  fetchGrids,
  fetchGridsUnder,
  fetchLevels,
  type BreakdownRow,
  type GridCollection,
  type GridDetail,
  type GridLevel,
} from '../api/grids.ts';
import { batched } from './batched.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** The hierarchy on the map: levels, cells per areal level, the active level and the selected cell. */
export const useGridsStore = defineStore('grids', () => {
  const levels = ref<GridLevel[]>([]);
  const collections = shallowRef<Record<string, GridCollection>>({});
  const activeLevel = ref<string>('');
  const selectedCode = ref<string | null>(null);
  const selected = ref<GridDetail | null>(null);
  const error = ref<string | null>(null);
  const loaded = ref(false);
  /** Figures of the cells one level below the selection (or below the root when nothing is selected). */
  const children = ref<BreakdownRow[]>([]);
  const childrenLevel = ref<string | null>(null);

  /** Levels that tile their parent and have cells: the ones drawn as polygons. */
  const arealLevels = computed(() => levels.value.filter((l) => l.tilesParent && l.cellCount > 0));
  const root = computed(() => collections.value[arealLevels.value[0]?.key ?? '']?.features[0]?.properties ?? null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      levels.value = await fetchLevels();
      const entries = await Promise.all(arealLevels.value.map(async (l) => [l.key, await fetchGrids(l.key)] as const));
      collections.value = Object.fromEntries(entries);
      // Start one level below the root, where there is more than one cell to compare.
      const start = arealLevels.value.find((l) => l.cellCount > 1) ?? arealLevels.value[0];
      activeLevel.value = start?.key ?? '';
      loaded.value = true;
      await refreshList();
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Loads the figures of the cells at `level` under `code` for the list panel. */
  let listRequest = 0;
  async function loadList(code: string, level: string): Promise<void> {
    const request = ++listRequest;
    const rows = await fetchBreakdown(code, level);
    // Only the latest request may fill the list; earlier answers can arrive later.
    if (request !== listRequest) return;
    children.value = rows;
    childrenLevel.value = level;
  }

  /**
   * The list follows the map: with nothing selected it holds the cells of the
   * active level; with a cell selected, its children (or, for a leaf, its siblings).
   */
  async function refreshList(): Promise<void> {
    const d = selected.value;
    if (d) {
      const below = childLevel(d.level);
      if (below) return loadList(d.code, below);
      // A leaf's siblings come from its parent, but only when the parent is inside the viewer's area:
      // asking for one outside it is refused (and audited as a probe), e.g. a worker whose area is one grid.
      if (d.parentCode && isShown(d.parentCode)) return loadList(d.parentCode, d.level);
    }
    if (root.value && activeLevel.value) await loadList(root.value.code, activeLevel.value);
  }

  async function select(code: string | null): Promise<void> {
    selectedCode.value = code;
    try {
      if (code === null) selected.value = null;
      else {
        const detail = await fetchGridDetail(code);
        if (selectedCode.value !== code) return;
        selected.value = detail;
      }
      await refreshList();
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /**
   * Shows another level. The selection is the wall's drill-down scope, so it survives the switch:
   * a finer level shows the cells inside it; a coarser one moves it up to its ancestor at that
   * level (or to the whole area when the ancestor is not the viewer's to see).
   */
  function setActiveLevel(key: string): void {
    if (activeLevel.value === key) return;
    activeLevel.value = key;
    const d = selected.value;
    const rank = (k: string) => arealLevels.value.findIndex((l) => l.key === k);
    if (d && rank(d.level) > rank(key)) {
      const above = d.ancestors.find((a) => a.level === key && isShown(a.code));
      void select(above?.code ?? null);
    } else if (!selectedCode.value) void refreshList().catch((err: Error) => (error.value = err.message));
  }

  /** The cell every panel of the wall is scoped to: the one selected, else the viewer's area. */
  const scopeCode = computed(() => selected.value?.code ?? root.value?.code ?? null);

  /**
   * Boundary changes were published under these parents: the levels' counts and the parents'
   * children are fetched again and replace what was drawn under them (edits change the finest
   * level; the parents' own shapes stay), then the open detail and list.
   */
  async function reloadCells(parents: string[]): Promise<void> {
    levels.value = await fetchLevels();
    const next = { ...collections.value };
    for (const level of arealLevels.value) {
      const current = next[level.key];
      if (!current) continue;
      const under = current.features.some((f) => f.properties.parentCode && parents.includes(f.properties.parentCode));
      if (!under) continue;
      // A parent outside the viewer's area (a worker's one grid) cannot be asked for: the level is fetched whole, as scoped.
      if (!parents.every(isShown)) {
        next[level.key] = await fetchGrids(level.key);
        continue;
      }
      const fresh = await Promise.all(parents.map((p) => fetchGridsUnder(level.key, p)));
      const kept = current.features.filter((f) => !parents.includes(f.properties.parentCode ?? ''));
      const features = [...kept, ...fresh.flatMap((c) => c.features)].sort((a, b) => a.properties.code.localeCompare(b.properties.code));
      next[level.key] = { ...current, features };
    }
    collections.value = next;
    const code = selectedCode.value;
    if (code && !isShown(code)) await select(null);
    else if (code) await select(code);
    else await refreshList();
  }

  /** Codes of the cells loaded for the map, i.e. those inside the viewer's area. */
  const shownCodes = computed(() => new Set(Object.values(collections.value).flatMap((c) => c.features.map((f) => f.properties.code))));
  const isShown = (code: string): boolean => shownCodes.value.has(code);

  /** The level below `key`, if any. */
  function childLevel(key: string): string | null {
    const i = arealLevels.value.findIndex((l) => l.key === key);
    return arealLevels.value[i + 1]?.key ?? null;
  }

  /** Redraws the cells of every parent a publish changed, once per burst of boundary events. */
  function live(): Unsubscribe {
    const reload = batched<string>(100, (parents) => void reloadCells(parents));
    const off = useRealtimeStore().on('boundary:event', (e) => reload.push(e.change.parentCode));
    return () => {
      off();
      reload.cancel();
    };
  }

  return {
    levels,
    arealLevels,
    collections,
    activeLevel,
    selectedCode,
    selected,
    children,
    childrenLevel,
    error,
    loaded,
    root,
    scopeCode,
    load,
    reloadCells,
    live,
    select,
    setActiveLevel,
    childLevel,
    isShown,
  };
});
