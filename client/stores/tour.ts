import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { fetchOwnTour, type TourStep } from '../api/tours.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';

/** How soon a failed load of the tour is tried again. */
const RETRY_MS = 5000;

/**
 * The wall's own tour: the steps a commander set for this wall token, loaded on start and again
 * when the socket says this token's tour changed. Other viewers have none.
 */
export const useTourStore = defineStore('tour', () => {
  const steps = shallowRef<TourStep[]>([]);
  const version = ref(0);
  const wallTokenId = ref<number | null>(null);
  const error = ref<string | null>(null);
  let retry: ReturnType<typeof setTimeout> | undefined;
  let request = 0;

  async function load(): Promise<void> {
    clearTimeout(retry);
    const ticket = ++request;
    try {
      const tour = await fetchOwnTour();
      if (ticket !== request) return;
      steps.value = tour.steps;
      version.value = tour.version;
      wallTokenId.value = tour.wallTokenId;
      error.value = null;
    } catch (err) {
      if (ticket !== request) return;
      error.value = (err as Error).message;
      retry = setTimeout(() => void load(), RETRY_MS);
    }
  }

  /** A change of this wall's tour (another token's is not ours) reloads it; a reconnect replays any it missed. */
  function live(): Unsubscribe {
    const off = useRealtimeStore().on('tour:event', (e) => {
      if (e.tour.wallTokenId === wallTokenId.value && e.tour.version !== version.value) void load();
    });
    return () => {
      off();
      clearTimeout(retry);
    };
  }

  return { steps, version, wallTokenId, error, load, live };
});
