import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it, vi } from 'vitest';
import { around, createCamera } from '../../../../client/map/camera.ts';

/** A stand-in for the MapLibre map that records what the camera asks of it. */
function fakeMap(zoom = 12) {
  const handlers = new Map<string, () => void>();
  const calls: { fit: unknown[][]; ease: unknown[] } = { fit: [], ease: [] };
  const map = {
    fitBounds: (...args: unknown[]) => calls.fit.push(args),
    easeTo: (o: unknown) => calls.ease.push(o),
    getZoom: () => zoom,
    on: (e: string, h: () => void) => handlers.set(e, h),
    off: (e: string) => handlers.delete(e),
  } as unknown as MapLibreMap;
  return { map, calls, handlers };
}

describe('the wall map’s camera', () => {
  it('fits with padding and a closest zoom that grow with the display', () => {
    const { map, calls } = fakeMap();
    let k = 1;
    const camera = createCamera(map, () => k);
    camera.fitTo([117, 36, 117.01, 36.01], true);
    k = 2;
    camera.fitTo([117, 36, 117.01, 36.01], false);
    const [a, b] = calls.fit.map((c) => c[1] as { padding: { top: number }; maxZoom: number; duration: number });
    expect(a).toMatchObject({ padding: { top: 70 }, maxZoom: 16, duration: 600 });
    // Twice the display: the same ground twice as large, so one zoom level closer at most.
    expect(b).toMatchObject({ padding: { top: 140 }, maxZoom: 17, duration: 0 });
    camera.fitTo(null, true);
    expect(calls.fit).toHaveLength(2);
  });

  it('fits the same again shortly after the window changes size, and stops listening when disposed', () => {
    vi.useFakeTimers();
    const { map, calls, handlers } = fakeMap();
    const camera = createCamera(map, () => 1);
    camera.fitTo([1, 2, 3, 4], true);
    handlers.get('resize')!();
    handlers.get('resize')!();
    vi.advanceTimersByTime(200);
    expect(calls.fit.map((c) => c[0])).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    camera.dispose();
    expect(handlers.has('resize')).toBe(false);
    vi.useRealTimers();
  });

  it('brings a pick closer only when further out, and zooms into a cluster', () => {
    const far = fakeMap(12);
    createCamera(far.map, () => 1).pick([117, 36]);
    expect(far.calls.ease[0]).toEqual({ center: [117, 36], zoom: 15.5 });
    const near = fakeMap(17);
    createCamera(near.map, () => 1).pick([117, 36]);
    expect(near.calls.ease[0]).toEqual({ center: [117, 36], zoom: 17 });
    createCamera(near.map, () => 1).zoomInto([117, 36]);
    expect(near.calls.ease[1]).toEqual({ center: [117, 36], zoom: 18 });
    // About 800 m across: 0.008° of longitude and 0.007° of latitude at 36°N.
    expect(around([117, 36])).toEqual([116.996, 35.9965, 117.004, 36.0035]);
  });
});
