import type { MultiPolygon } from 'geojson';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  createDraft,
  discardDraft,
  fetchDraft,
  fetchDrafts,
  fetchEditorArea,
  fetchEditorParents,
  fetchReport,
  mergeShapes,
  overlayShapes,
  publishDraft,
  putDraftCell,
  removeDraftCell,
  splitShape,
  type ChangeSet,
  type ChangeSetReport,
  type ChangeSetSummary,
  type EditorArea,
  type PublishResult,
} from '../api/boundaries.ts';
import { ApiError } from '../api/http.ts';
import { i18n } from '../i18n/index.ts';
import { checkCell, findGaps, indexed, withIndexes, type Problem } from '../boundaries/client-checks.ts';
import {
  changedCodes,
  liveCells,
  nextChildCode,
  push,
  redo as redoStep,
  startHistory,
  undo as undoStep,
  withDeleted,
  withName,
  withNewCell,
  withShape,
  type EditorCell,
  type EditorCells,
  type History,
} from '../boundaries/editor-cells.ts';
import { editWithNeighbours } from '../boundaries/shared-vertices.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** A cell refused by publishing because someone else published it first, with its shape now. */
interface StaleCell {
  code: string;
  baseVersion: number | null;
  currentVersion: number | null;
  currentGeometry: MultiPolygon | null;
}

/**
 * The boundary editor: one parent's cells as edited, the draft change set they are saved into
 * (every finished edit is saved at once, so a closed tab loses nothing), undo and redo over whole
 * states, the instant checks and the server's report with the impact.
 */
export const useBoundariesStore = defineStore('boundaries', () => {
  const parents = ref<{ code: string; name: string; level: string; cells: number }[]>([]);
  const area = shallowRef<EditorArea | null>(null);
  const history = shallowRef<History<EditorCells>>(startHistory(new Map()));
  const cells = computed(() => history.value.present);
  const draft = ref<ChangeSet | null>(null);
  const drafts = ref<ChangeSetSummary[]>([]);
  const report = shallowRef<ChangeSetReport | null>(null);
  const selected = ref<string | null>(null);
  const problems = shallowRef<Problem[]>([]);
  /** Problems of the shape being dragged, checked every frame until the edit is finished. */
  const dragProblems = shallowRef<Problem[]>([]);
  const gaps = shallowRef<Problem[]>([]);
  const stale = ref<StaleCell[]>([]);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const busy = ref(false);
  /** Bumped whenever shapes change, so the map redraws exactly what changed. */
  const revision = ref(0);
  const lastChanged = ref<string[]>([]);
  const canUndo = computed(() => history.value.past.length > 0);
  /** The live cells and the parent with their segment indexes, built once per state for every check. */
  const indexes = computed(() => withIndexes(liveCells(history.value.present)));
  const parentIndex = computed(() => (area.value ? indexed(area.value.parent.geometry) : null));
  const canRedo = computed(() => history.value.future.length > 0);

  async function loadParents(): Promise<void> {
    parents.value = await fetchEditorParents();
  }

  /** The published state of a parent's cells, with a draft's edits laid over it. */
  function stateOf(a: EditorArea, cs: ChangeSet | null): EditorCells {
    const map = new Map<string, EditorCell>(
      a.cells.map((c) => [
        c.code,
        { code: c.code, name: c.name, action: 'unchanged', geometry: c.geometry, published: c.geometry, version: c.version },
      ]),
    );
    for (const d of cs?.cells ?? []) {
      if (d.parentCode !== a.parent.code) continue;
      const base = map.get(d.code);
      if (d.action === 'delete' && base) map.set(d.code, { ...base, action: 'delete' });
      else if (d.geometry)
        map.set(d.code, {
          code: d.code,
          name: d.name,
          action: d.action,
          geometry: d.geometry as MultiPolygon,
          published: base?.published ?? null,
          version: base?.version ?? null,
        });
    }
    return map;
  }

  function setState(next: EditorCells, fresh: boolean): void {
    const changed = changedCodes(history.value.present, next);
    history.value = fresh ? startHistory(next) : push(history.value, next);
    touched(changed);
  }

  function touched(changed: string[]): void {
    dragProblems.value = [];
    lastChanged.value = changed;
    revision.value++;
    recheck();
  }

  /** Opens a parent, and a draft of it (the newest one when none is named). */
  async function open(parentCode: string, draftId?: number): Promise<void> {
    error.value = null;
    stale.value = [];
    report.value = null;
    selected.value = null;
    const a = await fetchEditorArea(parentCode);
    area.value = a;
    drafts.value = await fetchDrafts();
    const id = draftId ?? null;
    draft.value = id ? await fetchDraft(id) : null;
    setState(stateOf(a, draft.value), true);
    if (draft.value) void refreshReport();
  }

  /** Opens a draft over the current parent (or the parent its cells are under). */
  async function openDraft(id: number): Promise<void> {
    const cs = await fetchDraft(id);
    const parentCode = cs.cells[0]?.parentCode ?? area.value?.parent.code;
    if (parentCode) await open(parentCode, id);
  }

  async function ensureDraft(): Promise<ChangeSet> {
    if (draft.value && draft.value.status === 'draft') return draft.value;
    const day = new Date().toLocaleDateString('zh-CN');
    draft.value = await createDraft(`${area.value?.parent.name ?? ''} 边界调整 ${day}`);
    drafts.value = await fetchDrafts();
    return draft.value;
  }

  /** Saves the cells that changed between two states into the draft, one request each. */
  async function save(before: EditorCells, after: EditorCells): Promise<void> {
    const codes = changedCodes(before, after);
    if (codes.length === 0) return;
    const cs = await ensureDraft();
    error.value = null;
    try {
      for (const code of codes) {
        const c = after.get(code);
        if (!c || c.action === 'unchanged') {
          await removeDraftCell(cs.id, code).catch((err: unknown) => {
            if (!(err instanceof ApiError && err.status === 404)) throw err;
          });
        } else
          await putDraftCell(cs.id, code, {
            action: c.action,
            name: c.name,
            ...(c.action === 'delete' ? {} : { geometry: c.geometry }),
          });
      }
      draft.value = await fetchDraft(cs.id);
      scheduleReport();
    } catch (err) {
      // The server refused a shape (PostGIS found it invalid): the local edit stays, drawn in red.
      error.value = (err as Error).message;
    }
  }

  async function apply(next: EditorCells): Promise<void> {
    const before = history.value.present;
    if (next === before) return;
    setState(next, false);
    await save(before, next);
  }

  /** A cell's shape after a vertex edit; shared vertices move in the neighbours too. */
  async function editShape(code: string, shape: MultiPolygon): Promise<string[]> {
    const { cells: next, followed } = editWithNeighbours(history.value.present, code, shape);
    await apply(next);
    return followed;
  }

  function takenCodes(): string[] {
    return [...history.value.present.keys(), ...(draft.value?.cells.map((c) => c.code) ?? [])];
  }

  /** A new cell drawn inside the parent: it is clipped to the parent and carved out of the siblings it covers. */
  async function addCell(shape: MultiPolygon, name: string): Promise<string | null> {
    const a = area.value;
    if (!a) return null;
    const code = nextChildCode(a.parent.code, takenCodes());
    busy.value = true;
    error.value = null;
    try {
      const clipped = (await overlayShapes('intersection', shape, a.parent.geometry)).geometry;
      if (!clipped) throw new Error(i18n.global.t('editor.outsideParent'));
      let next = withNewCell(history.value.present, code, name, clipped);
      const covered = checkCell(code, clipped, indexes.value, null).filter((p) => p.kind === 'overlap');
      for (const o of covered) {
        // The sibling keeps what the new cell does not take, computed exactly by PostGIS.
        const rest = (await overlayShapes('difference', next.get(o.other!)!.geometry, clipped)).geometry;
        next = rest ? withShape(next, o.other!, rest) : withDeleted(next, o.other!);
      }
      await apply(next);
      selected.value = code;
      return code;
    } catch (err) {
      error.value = (err as Error).message;
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Splits a cell along a drawn line: the largest part keeps the cell, the others become new cells. */
  async function split(code: string, line: [number, number][]): Promise<string[]> {
    const cell = history.value.present.get(code);
    const a = area.value;
    if (!cell || !a) return [];
    busy.value = true;
    error.value = null;
    try {
      const { parts } = await splitShape(cell.geometry, line);
      let next = withShape(history.value.present, code, parts[0]!.geometry);
      const created: string[] = [];
      for (const [i, part] of parts.slice(1).entries()) {
        const newCode = nextChildCode(a.parent.code, [...takenCodes(), ...created]);
        next = withNewCell(next, newCode, `${cell.name}（${i + 2}）`, part.geometry);
        created.push(newCode);
      }
      await apply(next);
      return created;
    } catch (err) {
      error.value = (err as Error).message;
      return [];
    } finally {
      busy.value = false;
    }
  }

  /** Merges a cell into a neighbour: the neighbour takes the union, the cell is deleted. */
  async function merge(code: string, into: string): Promise<void> {
    const cur = history.value.present;
    const from = cur.get(code);
    const to = cur.get(into);
    if (!from || !to) return;
    busy.value = true;
    error.value = null;
    try {
      const { geometry } = await mergeShapes([to.geometry, from.geometry]);
      await apply(withDeleted(withShape(cur, into, geometry), code));
      selected.value = into;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  async function rename(code: string, name: string): Promise<void> {
    await apply(withName(history.value.present, code, name.trim()));
  }

  async function undo(): Promise<void> {
    const before = history.value.present;
    history.value = undoStep(history.value);
    touched(changedCodes(before, history.value.present));
    await save(before, history.value.present);
  }

  async function redo(): Promise<void> {
    const before = history.value.present;
    history.value = redoStep(history.value);
    touched(changedCodes(before, history.value.present));
    await save(before, history.value.present);
  }

  /** The instant checks of every edited cell (siblings' boxes once per state), and the gaps. */
  function recheck(): void {
    const a = area.value;
    if (!a) return;
    problems.value = liveCells(history.value.present)
      .filter((c) => c.action !== 'unchanged')
      .flatMap((c) => checkCell(c.code, c.geometry, indexes.value, parentIndex.value));
    scheduleGaps();
  }

  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleGaps(): void {
    clearTimeout(gapTimer);
    // Gaps need the union of all cells: run once an edit has settled, not on every drag frame.
    gapTimer = setTimeout(() => {
      const a = area.value;
      if (!a) return;
      const edited = liveCells(history.value.present).some((c) => c.action !== 'unchanged') || history.value.present.size === 0;
      gaps.value = edited
        ? findGaps(
            liveCells(history.value.present).map((c) => c.geometry),
            a.parent.geometry,
          )
        : [];
    }, 150);
  }

  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleReport(): void {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => void refreshReport(), 400);
  }

  async function refreshReport(): Promise<void> {
    if (!draft.value || draft.value.cells.length === 0) {
      report.value = null;
      return;
    }
    try {
      report.value = await fetchReport(draft.value.id);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Publishes the draft with the versions it was drawn on; a 412 lists the cells someone else changed. */
  async function publish(reason: string, acceptGaps: string | null): Promise<PublishResult | null> {
    if (!draft.value) return null;
    busy.value = true;
    error.value = null;
    stale.value = [];
    try {
      const result = await publishDraft(draft.value.id, draft.value.ifMatch, { reason, ...(acceptGaps ? { acceptGaps } : {}) });
      notice.value = result.versions.map((v) => `${v.code} v${v.version}`).join('、');
      const parentCode = area.value!.parent.code;
      draft.value = null;
      await open(parentCode);
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_boundary') stale.value = (err.body as { stale: StaleCell[] }).stale;
      error.value = (err as Error).message;
      return null;
    } finally {
      busy.value = false;
    }
  }

  /**
   * After a 412: the operator has seen the current shapes and chooses to keep their edits on top of
   * them. The stale cells are taken out of the draft and put back, so they record today's versions.
   */
  async function rebase(): Promise<void> {
    if (!draft.value) return;
    for (const s of stale.value) {
      const c = history.value.present.get(s.code);
      await removeDraftCell(draft.value.id, s.code).catch(() => undefined);
      if (c && c.action !== 'unchanged')
        await putDraftCell(draft.value.id, s.code, {
          action: c.action,
          name: c.name,
          ...(c.action === 'delete' ? {} : { geometry: c.geometry }),
        });
    }
    stale.value = [];
    draft.value = await fetchDraft(draft.value.id);
    const a = await fetchEditorArea(area.value!.parent.code);
    area.value = a;
    await refreshReport();
  }

  async function discard(): Promise<void> {
    if (!draft.value) return;
    await discardDraft(draft.value.id);
    draft.value = null;
    const parentCode = area.value!.parent.code;
    await open(parentCode);
  }

  /** Published shapes changed elsewhere (a boundary event): reload what is not being edited here. */
  async function reloadPublished(): Promise<void> {
    const a = area.value;
    if (!a) return;
    const fresh = await fetchEditorArea(a.parent.code);
    area.value = fresh;
    const next = new Map(history.value.present);
    for (const c of fresh.cells) {
      const mine = next.get(c.code);
      if (!mine || mine.action === 'unchanged')
        next.set(c.code, {
          code: c.code,
          name: c.name,
          action: 'unchanged',
          geometry: c.geometry,
          published: c.geometry,
          version: c.version,
        });
      else next.set(c.code, { ...mine, published: c.geometry, version: c.version });
    }
    for (const [code, mine] of next) if (mine.action === 'unchanged' && !fresh.cells.some((c) => c.code === code)) next.delete(code);
    setState(next, true);
    if (draft.value) draft.value = await fetchDraft(draft.value.id);
  }

  /** Another operator's publish under the open area redraws its cells here too (and makes this draft stale). */
  const live = (): Unsubscribe =>
    useRealtimeStore().on('boundary:event', (e) => {
      if (area.value && e.change.parentCode === area.value.parent.code) void reloadPublished();
    });

  return {
    live,
    parents,
    area,
    cells,
    draft,
    drafts,
    report,
    selected,
    problems,
    dragProblems,
    gaps,
    stale,
    error,
    notice,
    busy,
    revision,
    lastChanged,
    indexes,
    parentIndex,
    canUndo,
    canRedo,
    loadParents,
    open,
    openDraft,
    editShape,
    addCell,
    split,
    merge,
    rename,
    undo,
    redo,
    refreshReport,
    publish,
    rebase,
    discard,
    reloadPublished,
  };
});
