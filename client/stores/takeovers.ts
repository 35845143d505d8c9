import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TakeoverEvent } from '../../server/realtime/events.ts';
import { acknowledgeTakeover, fetchTakeovers, markMilestone, type MarkedMilestone, type TakeoverView } from '../api/takeovers.ts';
import { batched } from './batched.ts';
import { useRealtimeStore, type Unsubscribe } from './realtime.ts';
import { useSessionStore } from './session.ts';

const SOUND_KEY = 'gridline.takeover-sound';
/** How soon a failed load of the wall's takeovers is tried again. */
const RETRY_MS = 5000;

/** A short two-tone alert, made on the spot (no audio file to serve); silent where audio is not allowed yet. */
function chime(context: AudioContext): void {
  const start = context.currentTime;
  for (const [i, hz] of [880, 660].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.25, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.22);
    osc.connect(gain).connect(context.destination);
    osc.start(start + i * 0.25);
    osc.stop(start + i * 0.25 + 0.24);
  }
}

/**
 * The wall's emergency takeovers: loaded on start, reloaded when the socket says one of this
 * wall's changed or an incident one of them shows moved on. The server holds the truth
 * (acknowledgements are per wall area); this keeps what the wall shows.
 */
export const useTakeoversStore = defineStore('takeovers', () => {
  const list = ref<TakeoverView[]>([]);
  const total = ref(0);
  const error = ref<string | null>(null);
  const sound = ref(typeof localStorage !== 'undefined' && localStorage.getItem(SOUND_KEY) === 'on');
  let audio: AudioContext | null = null;
  let loaded = false;
  const seen = new Set<string>();

  const top = computed<TakeoverView | null>(() => list.value[0] ?? null);

  /** Loads started; an answer is applied only if no later load started (answers can overtake each other). */
  let generation = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    const mine = ++generation;
    clearTimeout(retry);
    try {
      const next = await fetchTakeovers();
      if (mine !== generation) return;
      // A version not seen before is a raise (a milestone keeps the version; an escalation bumps it).
      const keys = next.takeovers.map((t) => `${t.id}/${t.version}`);
      const raisedNow = keys.some((k) => !seen.has(k));
      // Only what is on the wall now is remembered, so a month of takeovers does not pile up here.
      seen.clear();
      for (const k of keys) seen.add(k);
      if (loaded && raisedNow && sound.value && audio) chime(audio);
      list.value = next.takeovers;
      total.value = next.total;
      loaded = true;
      error.value = null;
    } catch (err) {
      if (mine !== generation) return;
      error.value = (err as Error).message;
      // A missed takeover must not wait for the next event: try again shortly.
      retry = setTimeout(() => void load(), RETRY_MS);
    }
  }

  // Events of one burst (a red case raises several rows; a milestone tells every wall) load once.
  const reload = batched<string>(50, () => void load());

  /** Reloads on this wall's takeover events, and on changes of incidents it shows (dispatched, on site). */
  function live(): Unsubscribe {
    const realtime = useRealtimeStore();
    const session = useSessionStore();
    const onTakeover = (e: TakeoverEvent) => {
      if (e.takeover.areaCode === session.user?.areaCode) reload.push(e.takeover.id);
    };
    const off = [
      realtime.on('takeover:event', onTakeover),
      realtime.on('incident:event', (e) => {
        if (list.value.some((t) => t.incident.id === String(e.incident.id))) reload.push(String(e.incident.id));
      }),
      // Whatever was missed while the link was down is read again when it is back.
      realtime.on('server:status', () => reload.push('status')),
    ];
    return () => {
      off.forEach((f) => f());
      reload.cancel();
      clearTimeout(retry);
    };
  }

  async function acknowledge(t: TakeoverView): Promise<void> {
    await acknowledgeTakeover(t.id, t.version);
    list.value = list.value.filter((x) => x.id !== t.id);
    total.value = Math.max(0, total.value - 1);
    reload.push(t.id);
  }

  async function mark(t: TakeoverView, milestone: MarkedMilestone): Promise<void> {
    await markMilestone(t.id, milestone);
    reload.push(t.id);
  }

  /** Sound is off by default; turning it on is the gesture browsers ask for before playing audio. */
  function setSound(on: boolean): void {
    sound.value = on;
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    if (on) {
      audio ??= new AudioContext();
      void audio.resume();
      chime(audio);
    }
  }

  return { list, total, top, error, sound, load, live, acknowledge, mark, setSound };
});
