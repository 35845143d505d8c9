import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { TOUR_PAUSE_SECONDS, type ScenePanel } from '../../server/tours/tours-contract.ts';
import { sceneLayout, type SceneLayout } from '../tour/scenes.ts';
import { pause, secondsLeft, startClock, tick, type TourClock } from '../tour/tour-clock.ts';
import { useGridsStore } from '../stores/grids.ts';
import { usePeopleStore } from '../stores/people.ts';
import { useStatsStore } from '../stores/stats.ts';
import { useTourStore } from '../stores/tour.ts';

/** Touches that pause the tour: someone at the wall is using it. */
const TOUCHES = ['pointerdown', 'keydown', 'wheel'] as const;

/**
 * The wall's tour: rotates through the scenes its commander set, holds for a minute after anyone
 * touches the wall and while an emergency has it, and puts each scene's layout on screen: the
 * map's layers, the analysis in front (`analysis`), and where the map and the panels look.
 */
export function useWallTour(analysis: Ref<ScenePanel>, held: Ref<boolean>, goTo: (code: string | null) => void) {
  const tour = useTourStore();
  const grids = useGridsStore();
  const response = useStatsStore();
  const registers = usePeopleStore();
  const clock = shallowRef<TourClock | null>(null);
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;

  async function apply(layout: SceneLayout): Promise<void> {
    response.mode = layout.mapMode;
    registers.mode = layout.peopleMode;
    analysis.value = layout.panel;
    const scope = layout.scope;
    if (scope.kind === 'area') goTo(null);
    else if (scope.kind === 'finest') {
      goTo(null);
      const finest = grids.arealLevels[grids.arealLevels.length - 1];
      if (finest) grids.setActiveLevel(finest.key);
    } else {
      // A close-up shows the cell and the cells inside it.
      await grids.select(scope.code);
      const below = grids.selected ? grids.childLevel(grids.selected.level) : null;
      if (below) grids.setActiveLevel(below);
    }
  }

  const applyCurrent = () => {
    const step = clock.value && tour.steps[clock.value.index];
    if (step) void apply(sceneLayout(step));
  };

  // A new tour (or none) starts from its first step.
  watch(
    () => tour.steps,
    (steps) => {
      clock.value = steps.length > 0 ? startClock(steps, Date.now()) : null;
      applyCurrent();
    },
  );

  function onTick(): void {
    now.value = Date.now();
    if (!clock.value) return;
    // An emergency holds the tour where it is until it is acknowledged; the scene then starts again.
    if (held.value) {
      clock.value = pause(clock.value, now.value, 1000);
      return;
    }
    const next = tick(clock.value, tour.steps, now.value);
    clock.value = next.clock;
    if (next.changed) applyCurrent();
  }

  const onTouch = (): void => {
    if (clock.value) clock.value = pause(clock.value, Date.now(), TOUR_PAUSE_SECONDS * 1000);
  };

  onMounted(() => {
    timer = setInterval(onTick, 1000);
    for (const t of TOUCHES) document.addEventListener(t, onTouch, { capture: true, passive: true });
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    for (const t of TOUCHES) document.removeEventListener(t, onTouch, { capture: true });
  });

  /** What the wall says of its tour: the step on screen of how many, whether it is paused, and for how long yet. */
  const state = computed(() => {
    const c = clock.value;
    const step = c && tour.steps[c.index];
    if (!c || !step) return null;
    return {
      index: c.index,
      count: tour.steps.length,
      step,
      paused: c.resumeAt !== null && !held.value,
      seconds: secondsLeft(c, now.value),
    };
  });

  return { state };
}
