import { computed, onBeforeUnmount, onMounted, ref } from 'vue';

/** The root size the wall's charts and map marks were drawn for: 16 px, a 1920×1080 display. */
const DESIGN_REM_PX = 16;

/** How many columns a display of this aspect gets: wider screens get more panels, not wider ones. */
export function wallColumns(width: number, height: number): 3 | 4 | 5 {
  const aspect = width / Math.max(1, height);
  return aspect >= 4 ? 5 : aspect >= 2.4 ? 4 : 3;
}

/** The wall's scale against the design size: 1 at 1920×1080, 2 at 3840×2160, 2/3 at 1280×720. */
export function readDisplayScale(): number {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / DESIGN_REM_PX : 1;
}

const width = ref(typeof window === 'undefined' ? 1920 : window.innerWidth);
const height = ref(typeof window === 'undefined' ? 1080 : window.innerHeight);
const scale = ref(1);
let users = 0;
const update = () => {
  width.value = window.innerWidth;
  height.value = window.innerHeight;
  scale.value = readDisplayScale();
};

/**
 * The display the wall runs on, kept current as the window resizes: its scale (for what CSS does
 * not size: chart text, map labels and marks) and its number of columns. One listener for all users.
 */
export function useDisplay() {
  onMounted(() => {
    if (users++ === 0) window.addEventListener('resize', update);
    update();
  });
  onBeforeUnmount(() => {
    if (--users === 0) window.removeEventListener('resize', update);
  });
  return { scale, columns: computed(() => wallColumns(width.value, height.value)) };
}
