import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { IncidentEvent } from '../../server/realtime/events.ts';
import { fetchCategories, fetchIncidents, type IncidentCategory, type IncidentRow } from '../api/incidents.ts';
import { applyIncidentEvent, type IncidentState } from './incidents-apply.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** Incidents in view: loaded once, then kept current by socket events (deduped by sequence). */
export const useIncidentsStore = defineStore('incidents', () => {
  const state = shallowRef<IncidentState>({ byId: new Map(), lastSeq: 0 });
  const categories = ref<IncidentCategory[]>([]);
  const error = ref<string | null>(null);
  /** More open cases than one wall holds (OPEN_BUDGET): the oldest are not drawn, and the wall says so. */
  const truncated = ref(false);

  const list = computed<IncidentRow[]>(() => [...state.value.byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));
  const open = computed(() => list.value.filter((i) => i.status !== 'closed'));

  async function load(): Promise<void> {
    try {
      const [{ rows, seq, truncated: more }, cats] = await Promise.all([fetchIncidents(), fetchCategories()]);
      categories.value = cats;
      truncated.value = more;
      state.value = { byId: new Map(rows.map((r) => [r.id, r])), lastSeq: Math.max(seq, state.value.lastSeq) };
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  function apply(event: IncidentEvent): void {
    state.value = applyIncidentEvent(state.value, event);
  }

  /** The sequence to resume from after a reconnect. */
  const lastSeq = (): number => state.value.lastSeq;

  /** Keeps the list current from the socket, resuming after the last event it holds. */
  function live(): Unsubscribe {
    const realtime = useRealtimeStore();
    const off = [realtime.on('incident:event', apply), realtime.resumeFrom(lastSeq)];
    return () => off.forEach((f) => f());
  }

  return { list, open, categories, error, truncated, load, apply, lastSeq, live };
});
