import type { Map as MapLibreMap } from 'maplibre-gl';
import { bboxAround, type Bbox } from './bounds.ts';

/** The closest zoom a picked incident is shown at, and the one it is brought to when further out. */
const PICK_ZOOM = 15.5;
/** The closest a fit comes at display scale 1 (about a metre a pixel): a grid of a few hundred metres sits among its neighbours. */
const FIT_MAX_ZOOM = 16;
/** A resize settles this long before the view is fitted again. */
const REFIT_MS = 150;

/** About 800 m across around a point: the streets around it a dispatcher can read, not a 30 m close-up. */
export const around = (p: [number, number]): Bbox => bboxAround(p, [0.004, 0.0035]);

/**
 * The wall map's camera: fits a cell or the district at the display's scale, and fits the same
 * again when the window changes size (another display, a resized browser); brings a picked case
 * into the middle; zooms into a cluster so its cases part.
 */
export function createCamera(map: MapLibreMap, scale: () => number) {
  /** What the view was last fitted to: fitted again when the display changes. */
  let fitted: Bbox | null = null;
  let refitTimer: ReturnType<typeof setTimeout> | undefined;

  function fitTo(bbox: Bbox | null, animate: boolean): void {
    if (!bbox) return;
    fitted = bbox;
    const k = scale();
    // The top padding keeps the level switcher off the cell.
    map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {
      padding: { top: 70 * k, bottom: 40 * k, left: 40 * k, right: 40 * k },
      // A small grid fitted edge to edge would be a 30 m scale: close enough to read its buildings is
      // enough, and a larger display shows the same ground larger rather than less of it.
      maxZoom: FIT_MAX_ZOOM + Math.log2(k),
      animate,
      duration: animate ? 600 : 0,
    });
  }

  const onResize = (): void => {
    clearTimeout(refitTimer);
    refitTimer = setTimeout(() => fitTo(fitted, false), REFIT_MS);
  };
  map.on('resize', onResize);

  return {
    fitTo,
    pick: (position: [number, number]) => map.easeTo({ center: position, zoom: Math.max(map.getZoom(), PICK_ZOOM) }),
    zoomInto: (position: [number, number]) => map.easeTo({ center: position, zoom: Math.min(18, map.getZoom() + 2) }),
    dispose(): void {
      clearTimeout(refitTimer);
      map.off('resize', onResize);
    },
  };
}
