import type { MultiPolygon } from 'geojson';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import {
  createDraft,
  discardDraft,
  fetchDraft,
  fetchDrafts,
  fetchEditorArea,
  fetchReport,
  publishDraft,
  putDraftCell,
  removeDraftCell,
  type ChangeSet,
  type ChangeSetReport,
  type ChangeSetSummary,
  type PublishResult,
  type StaleCell,
} from '../api/boundaries.ts';
import { ApiError } from '../api/http.ts';
import { changedCodes, withName, type EditorCells } from '../boundaries/editor-cells.ts';
import { cellsOf, withPublished } from '../boundaries/editor-state.ts';
import { withDrawnCell, withMergedCell, withSplitCell } from '../boundaries/geometry-edits.ts';
import { editWithNeighbours } from '../boundaries/shared-vertices.ts';
import { i18n } from '../i18n/index.ts';
import { useBoundaryCellsStore } from './boundary-cells.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** The server's report waits until a burst of saves has settled. */
const REPORT_AFTER_MS = 400;

/**
 * The draft change set of the open area: every finished edit is saved into it at once (a closed
 * tab loses nothing), the server's report with the impact, publishing with If-Match and the 412
 * view, and the edits themselves (each one a new state of the cells store, then saved).
 */
export const useBoundaryDraftStore = defineStore('boundaryDraft', () => {
  const view = useBoundaryCellsStore();
  const draft = ref<ChangeSet | null>(null);
  const drafts = ref<ChangeSetSummary[]>([]);
  const report = shallowRef<ChangeSetReport | null>(null);
  const stale = ref<StaleCell[]>([]);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const busy = ref(false);

  /** Opens a parent, and a draft of it when one is named. */
  async function open(parentCode: string, draftId?: number): Promise<void> {
    error.value = null;
    stale.value = [];
    report.value = null;
    view.selected = null;
    const a = await fetchEditorArea(parentCode);
    view.area = a;
    drafts.value = await fetchDrafts();
    draft.value = draftId ? await fetchDraft(draftId) : null;
    view.show(cellsOf(a, draft.value), true);
    if (draft.value) void refreshReport();
  }

  /** Opens a draft over the parent its cells are under (or the current one). */
  async function openDraft(id: number): Promise<void> {
    const cs = await fetchDraft(id);
    const parentCode = cs.cells[0]?.parentCode ?? view.area?.parent.code;
    if (parentCode) await open(parentCode, id);
  }

  async function ensureDraft(): Promise<ChangeSet> {
    if (draft.value && draft.value.status === 'draft') return draft.value;
    const day = new Date().toLocaleDateString(i18n.global.locale.value);
    draft.value = await createDraft(i18n.global.t('editor.draftTitle', { area: view.area?.parent.name ?? '', day }));
    drafts.value = await fetchDrafts();
    return draft.value;
  }

  /** Puts one cell's state into the draft, or takes it out when it is back to what is published. */
  async function putCell(id: number, code: string, cells: EditorCells): Promise<void> {
    const c = cells.get(code);
    if (!c || c.action === 'unchanged') {
      await removeDraftCell(id, code).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      });
    } else await putDraftCell(id, code, { action: c.action, name: c.name, ...(c.action === 'delete' ? {} : { geometry: c.geometry }) });
  }

  /** Saves the cells that changed between two states into the draft, one request each. */
  async function save(before: EditorCells, after: EditorCells): Promise<void> {
    const codes = changedCodes(before, after);
    if (codes.length === 0) return;
    const cs = await ensureDraft();
    error.value = null;
    try {
      for (const code of codes) await putCell(cs.id, code, after);
      draft.value = await fetchDraft(cs.id);
      scheduleReport();
    } catch (err) {
      // The server refused a shape (PostGIS found it invalid): the local edit stays, drawn in red.
      error.value = (err as Error).message;
    }
  }

  async function apply(next: EditorCells): Promise<void> {
    const before = view.cells;
    if (next === before) return;
    view.show(next, false);
    await save(before, next);
  }

  /** Runs an edit that asks the server, with the busy flag and its error shown. */
  async function edit<T>(fn: () => Promise<T>, failed: T): Promise<T> {
    busy.value = true;
    error.value = null;
    try {
      return await fn();
    } catch (err) {
      error.value = (err as Error).message;
      return failed;
    } finally {
      busy.value = false;
    }
  }

  /** A cell's shape after a vertex edit; shared vertices move in the neighbours too. */
  async function editShape(code: string, shape: MultiPolygon): Promise<string[]> {
    const { cells: next, followed } = editWithNeighbours(view.cells, code, shape);
    await apply(next);
    return followed;
  }

  const takenCodes = (): string[] => [...view.cells.keys(), ...(draft.value?.cells.map((c) => c.code) ?? [])];

  /** A new cell drawn inside the parent: clipped to it and carved out of the siblings it covers. */
  function addCell(shape: MultiPolygon, name: string): Promise<string | null> {
    const a = view.area;
    if (!a) return Promise.resolve(null);
    return edit(async () => {
      const { cells, code } = await withDrawnCell(view.cells, view.indexes, a.parent, takenCodes(), shape, name);
      await apply(cells);
      view.selected = code;
      return code;
    }, null);
  }

  /** Splits a cell along a drawn line; answers the codes of the new cells. */
  function split(code: string, line: [number, number][]): Promise<string[]> {
    const a = view.area;
    if (!view.cells.has(code) || !a) return Promise.resolve([]);
    return edit(async () => {
      const { cells, created } = await withSplitCell(view.cells, a.parent.code, takenCodes(), code, line);
      await apply(cells);
      return created;
    }, []);
  }

  /** Merges a cell into a neighbour. */
  function merge(code: string, into: string): Promise<void> {
    if (!view.cells.has(code) || !view.cells.has(into)) return Promise.resolve();
    return edit(async () => {
      await apply(await withMergedCell(view.cells, code, into));
      view.selected = into;
    }, undefined);
  }

  async function rename(code: string, name: string): Promise<void> {
    await apply(withName(view.cells, code, name.trim()));
  }

  async function undo(): Promise<void> {
    const { before, after } = view.step('undo');
    await save(before, after);
  }

  async function redo(): Promise<void> {
    const { before, after } = view.step('redo');
    await save(before, after);
  }

  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleReport(): void {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => void refreshReport(), REPORT_AFTER_MS);
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
    stale.value = [];
    const cs = draft.value;
    busy.value = true;
    error.value = null;
    try {
      const result = await publishDraft(cs.id, cs.ifMatch, { reason, ...(acceptGaps ? { acceptGaps } : {}) });
      notice.value = result.versions.map((v) => `${v.code} v${v.version}`).join(i18n.global.t('editor.listSeparator'));
      draft.value = null;
      await open(view.area!.parent.code);
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
      await removeDraftCell(draft.value.id, s.code).catch(() => undefined);
      await putCell(draft.value.id, s.code, view.cells);
    }
    stale.value = [];
    draft.value = await fetchDraft(draft.value.id);
    view.area = await fetchEditorArea(view.area!.parent.code);
    await refreshReport();
  }

  async function discard(): Promise<void> {
    if (!draft.value) return;
    await discardDraft(draft.value.id);
    draft.value = null;
    await open(view.area!.parent.code);
  }

  /** Published shapes changed elsewhere (a boundary event): reload what is not being edited here. */
  async function reloadPublished(): Promise<void> {
    const a = view.area;
    if (!a) return;
    const fresh = await fetchEditorArea(a.parent.code);
    view.area = fresh;
    view.show(withPublished(view.cells, fresh), true);
    if (draft.value) draft.value = await fetchDraft(draft.value.id);
  }

  /** Another operator's publish under the open area redraws its cells here too (and makes this draft stale). */
  const live = (): Unsubscribe =>
    useRealtimeStore().on('boundary:event', (e) => {
      if (view.area && e.change.parentCode === view.area.parent.code) void reloadPublished();
    });

  return {
    draft,
    drafts,
    report,
    stale,
    error,
    notice,
    busy,
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
    live,
  };
});
