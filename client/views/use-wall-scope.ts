import { storeToRefs } from 'pinia';
import { computed, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { levelName } from '../format.ts';
import { breadcrumb, parentIndex, rowsInScope, withoutParentName } from '../panels/grids/scope.ts';
import { useDistrictStore } from '../stores/district.ts';
import { useGridsStore } from '../stores/grids.ts';
import { useIncidentsStore } from '../stores/incidents.ts';
import { usePeopleStore } from '../stores/people.ts';
import { useStatsStore } from '../stores/stats.ts';

/**
 * The wall's drill-down: the selected cell scopes every panel — the totals, the response KPIs and
 * trend, the incident list, the workload and register charts — and the breadcrumb leads back up.
 * Nothing selected is the viewer's whole area.
 */
export function useWallScope() {
  const { locale } = useI18n();
  const grids = useGridsStore();
  const district = useDistrictStore();
  const registers = usePeopleStore();
  const response = useStatsStore();
  const incidents = useIncidentsStore();
  const { selected, root, arealLevels, levels, collections, scopeCode } = storeToRefs(grids);

  /** The level the wall starts at: the highest with more than one cell to compare. */
  const startLevel = () => arealLevels.value.find((l) => l.cellCount > 1) ?? arealLevels.value[arealLevels.value.length - 1];

  /**
   * Which cells the charts compare: those one level below the scope; for a grid (nothing below),
   * the grid and its neighbours under the same parent. At the whole area, the start level's.
   */
  const compared = computed<{ code: string; level: string } | null>(() => {
    const d = selected.value;
    if (!d) {
      const level = startLevel()?.key;
      return root.value && level ? { code: root.value.code, level } : null;
    }
    const below = grids.childLevel(d.level);
    if (below) return { code: d.code, level: below };
    if (d.parentCode && grids.isShown(d.parentCode)) return { code: d.parentCode, level: d.level };
    return { code: d.code, level: d.level };
  });

  const comparedLevelName = computed(() =>
    levelName(
      levels.value.find((l) => l.key === compared.value?.level),
      locale.value,
    ),
  );

  /** The name of the cell whose children the charts compare, left off the front of theirs. */
  const comparedParentName = computed(() => {
    const c = compared.value;
    const d = selected.value;
    if (!c) return null;
    if (c.code === d?.code) return d.name;
    if (c.code === root.value?.code) return root.value.name;
    return d?.ancestors.find((a) => a.code === c.code)?.name ?? null;
  });
  const workloadRows = computed(() => withoutParentName(district.breakdown, comparedParentName.value));

  const parents = computed(() => parentIndex(collections.value));
  /** The cases of the scope: the list is drawn from the one live store, filtered here. */
  const scopedIncidents = computed(() => rowsInScope(incidents.list, selected.value?.code ?? null, parents.value));
  const crumbs = computed(() => (root.value ? breadcrumb(root.value.name, root.value.code, selected.value, grids.isShown) : []));
  /** The scope's name when it is narrower than the viewer's area, for panel titles. */
  const scopeName = computed(() => (selected.value && selected.value.code !== root.value?.code ? selected.value.name : null));

  /** What the panels were last loaded for, so that a recomputed but equal scope loads nothing. */
  let loadedKey = '';
  const scopeKey = computed(() =>
    scopeCode.value && compared.value ? `${scopeCode.value}|${compared.value.code}|${compared.value.level}` : '',
  );

  /** Loads the scope's figures and charts; again only when the scope changed, unless forced (the retry button). */
  async function load(force = false): Promise<void> {
    const scope = scopeCode.value;
    const c = compared.value;
    if (!scope || !c || (!force && scopeKey.value === loadedKey)) return;
    loadedKey = scopeKey.value;
    void registers.loadCharts(scope, c.code, c.level);
    await district.load(scope, c.code, c.level);
  }

  // The KPIs and the response map follow the scope (null asks for the whole area).
  watch(
    () => selected.value?.code ?? null,
    (code) => (response.params.area = code === root.value?.code ? null : code),
  );
  watch(scopeKey, () => void load());

  /** Goes back up to a cell of the breadcrumb (null: the whole area), showing the level below it. */
  function goTo(code: string | null): void {
    const target = code ? selected.value?.ancestors.find((a) => a.code === code) : null;
    const level = target ? grids.childLevel(target.level) : startLevel()?.key;
    // The level first: switching it moves the selection up by itself, and the select after it has the last word.
    if (level) grids.setActiveLevel(level);
    void grids.select(code);
  }

  return { compared, comparedLevelName, comparedParentName, workloadRows, scopedIncidents, crumbs, scopeName, load, goTo };
}
