import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fetchEditorParents, type EditorArea, type EditorParent } from '../api/boundaries.ts';
import { checkCell, findGaps, indexed, withIndexes, type Problem } from '../boundaries/client-checks.ts';
import {
  changedCodes,
  liveCells,
  push,
  redo as redoStep,
  startHistory,
  undo as undoStep,
  type EditorCells,
  type History,
} from '../boundaries/editor-cells.ts';

/** Gaps need the union of all cells: they are looked for once an edit has settled, not on every drag frame. */
const GAPS_AFTER_MS = 150;

/**
 * The cells of the open area as the editor shows them: the parents the operator may redraw, the
 * area's published shapes, the edited states with undo and redo, the selection and the instant checks.
 * The draft store decides what the states are and saves them.
 */
export const useBoundaryCellsStore = defineStore('boundaryCells', () => {
  const parents = ref<EditorParent[]>([]);
  const area = shallowRef<EditorArea | null>(null);
  const history = shallowRef<History<EditorCells>>(startHistory(new Map()));
  const cells = computed(() => history.value.present);
  const selected = ref<string | null>(null);
  const problems = shallowRef<Problem[]>([]);
  /** Problems of the shape being dragged, checked every frame until the edit is finished. */
  const dragProblems = shallowRef<Problem[]>([]);
  const gaps = shallowRef<Problem[]>([]);
  /** Bumped whenever shapes change, so the map redraws exactly what changed. */
  const revision = ref(0);
  const lastChanged = ref<string[]>([]);
  const canUndo = computed(() => history.value.past.length > 0);
  const canRedo = computed(() => history.value.future.length > 0);
  /** The live cells and the parent with their segment indexes, built once per state for every check. */
  const indexes = computed(() => withIndexes(liveCells(history.value.present)));
  const parentIndex = computed(() => (area.value ? indexed(area.value.parent.geometry) : null));

  async function loadParents(): Promise<void> {
    parents.value = await fetchEditorParents();
  }

  /** Shows a state: a fresh one (an area opened, a publish elsewhere) starts the history again. */
  function show(next: EditorCells, fresh: boolean): void {
    const changed = changedCodes(history.value.present, next);
    history.value = fresh ? startHistory(next) : push(history.value, next);
    touched(changed);
  }

  /** Steps back or forward; answers the states before and after, for saving. */
  function step(direction: 'undo' | 'redo'): { before: EditorCells; after: EditorCells } {
    const before = history.value.present;
    history.value = direction === 'undo' ? undoStep(history.value) : redoStep(history.value);
    touched(changedCodes(before, history.value.present));
    return { before, after: history.value.present };
  }

  function touched(changed: string[]): void {
    dragProblems.value = [];
    lastChanged.value = changed;
    revision.value++;
    recheck();
  }

  /** The instant checks of every edited cell (siblings' boxes once per state), and the gaps. */
  function recheck(): void {
    if (!area.value) return;
    problems.value = liveCells(history.value.present)
      .filter((c) => c.action !== 'unchanged')
      .flatMap((c) => checkCell(c.code, c.geometry, indexes.value, parentIndex.value));
    scheduleGaps();
  }

  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleGaps(): void {
    clearTimeout(gapTimer);
    gapTimer = setTimeout(() => {
      const a = area.value;
      if (!a) return;
      const live = liveCells(history.value.present);
      const edited = live.some((c) => c.action !== 'unchanged') || history.value.present.size === 0;
      gaps.value = edited
        ? findGaps(
            live.map((c) => c.geometry),
            a.parent.geometry,
          )
        : [];
    }, GAPS_AFTER_MS);
  }

  return {
    parents,
    area,
    cells,
    selected,
    problems,
    dragProblems,
    gaps,
    revision,
    lastChanged,
    canUndo,
    canRedo,
    indexes,
    parentIndex,
    loadParents,
    show,
    step,
  };
});
