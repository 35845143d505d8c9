import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { PlaybackWindow } from '../../server/incidents/playback-contract.ts';
import { fetchGridsAsOf, type GridCollection } from '../api/grids.ts';
import { fetchPlayback } from '../api/incidents.ts';
import type { PlaybackFrame } from '../map/playback-frame-props.ts';
import { advance, boundaryEpoch, countsAt, heatAt, heatDomain, prepare, rowsAt } from '../playback/playback-frame.ts';
import { useGridsStore } from './grids.ts';

/** The clock moves this often while playing: smooth enough at 3600× (a minute a frame at 60 ms). */
const FRAME_MS = 100;

/**
 * The wall's playback of a past window: the incidents alive in it, the replay clock and its speed,
 * and the active level's cells as they stood at the clock (fetched again when a publish inside the
 * window is passed, or the level changes). Null `day` is live.
 */
export const usePlaybackStore = defineStore('playback', () => {
  const grids = useGridsStore();
  const day = shallowRef<PlaybackWindow | null>(null);
  const at = ref(0);
  const speed = ref(600);
  const playing = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const cells = shallowRef<GridCollection | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = 0;
  let cellsRequest = 0;

  const active = computed(() => day.value !== null);
  const prepared = computed(() => (day.value ? prepare(day.value) : null));
  const domain = computed<[number, number]>(() => (prepared.value ? heatDomain(prepared.value) : [0, 1]));
  /** What the map draws at the clock. */
  const frame = computed<PlaybackFrame | null>(() => {
    const p = prepared.value;
    if (!p) return null;
    return { at: at.value, rows: rowsAt(p, at.value), heat: heatAt(p, at.value), heatDomain: domain.value, cells: cells.value };
  });
  const counts = computed(() => (prepared.value ? countsAt(prepared.value, at.value) : null));
  const bounds = computed(() => (day.value ? { from: Date.parse(day.value.from), to: Date.parse(day.value.to) } : null));

  /** Loads a window (area: the cell the wall is scoped to, null for the whole area) and starts it paused at its beginning. */
  async function open(from: Date, to: Date, area: string | null): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const loaded = await fetchPlayback(from, to, area);
      pause();
      day.value = loaded;
      at.value = Date.parse(loaded.from);
      await loadCells();
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function loadCells(): Promise<void> {
    if (!day.value || !grids.activeLevel) return;
    const ticket = ++cellsRequest;
    try {
      const c = await fetchGridsAsOf(grids.activeLevel, new Date(at.value));
      if (ticket === cellsRequest && day.value) cells.value = c;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function step(): void {
    const now = performance.now();
    const b = bounds.value;
    if (!b) return pause();
    at.value = advance(at.value, speed.value, now - last, b.to);
    last = now;
    if (at.value >= b.to) pause();
  }

  function play(): void {
    const b = bounds.value;
    if (!b) return;
    if (at.value >= b.to) at.value = b.from;
    playing.value = true;
    last = performance.now();
    clearInterval(timer);
    timer = setInterval(step, FRAME_MS);
  }

  function pause(): void {
    playing.value = false;
    clearInterval(timer);
  }

  function seek(t: number): void {
    const b = bounds.value;
    if (b) at.value = Math.max(b.from, Math.min(b.to, t));
  }

  /** Back to live, in one step. */
  function exit(): void {
    pause();
    day.value = null;
    cells.value = null;
    error.value = null;
  }

  // The cells change where the window passes a publish, and with the level shown.
  const epoch = computed(() => (day.value ? boundaryEpoch(day.value.boundaryChanges, at.value) : 0));
  watch([epoch, () => grids.activeLevel], () => void loadCells());

  return { day, at, speed, playing, loading, error, cells, active, bounds, frame, counts, open, play, pause, seek, exit };
});
