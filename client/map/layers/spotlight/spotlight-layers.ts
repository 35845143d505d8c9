import { ScatterplotLayer } from '@deck.gl/layers';

/** A place the wall points at: the emergency holding it, or the incident the dispatcher picked. */
export interface Spot {
  id: string;
  position: [number, number];
}

/** How a spot is drawn: its colour, and whether its outer ring breathes (an emergency) or stands still (a selection). */
interface SpotStyle {
  key: string;
  rgb: [number, number, number];
  /** 0–1 through the breath; null for a still ring. */
  phase: number | null;
  scale: number;
}

/** Red for an emergency holding the wall; the wall's cyan for the incident a dispatcher picked. */
export const TAKEOVER_RGB: [number, number, number] = [255, 59, 48];
export const SELECTION_RGB: [number, number, number] = [82, 213, 255];

/**
 * Two rings around each spot, drawn over every marker so it reads from across the room where
 * markers crowd; sized in pixels times the display's scale like every mark.
 */
export function createSpotlightLayers(spots: Spot[], { key, rgb, phase, scale }: SpotStyle): ScatterplotLayer<Spot>[] {
  const ring = (id: string, radius: number, alpha: number, width: number) =>
    new ScatterplotLayer<Spot>({
      id: `${key}-${id}`,
      data: spots,
      getPosition: (d) => d.position,
      getRadius: radius,
      radiusUnits: 'pixels',
      radiusScale: scale,
      lineWidthScale: scale,
      filled: false,
      stroked: true,
      getLineColor: [...rgb, alpha],
      getLineWidth: width,
      lineWidthUnits: 'pixels',
      updateTriggers: { getRadius: radius, getLineColor: alpha },
    });
  const outer = phase === null ? ring('halo', 22, 160, 2) : ring('halo', 22 + 18 * phase, Math.round(220 * (1 - phase)), 3);
  return [ring('ring', 16, 255, 4), outer];
}

/** The takeover's halo breathes once every two seconds; ten frames a second is enough for a ring. */
const HALO_PERIOD_MS = 2000;
export const HALO_FRAME_MS = 100;

/** The rings of the picked incident (still, cyan) and of the emergency holding the wall (breathing, red) at `now`. */
export function spotlights(picked: Spot | null, focus: Spot | null, now: number, scale: number): ScatterplotLayer<Spot>[] {
  return [
    ...(picked ? createSpotlightLayers([picked], { key: 'picked', rgb: SELECTION_RGB, phase: null, scale }) : []),
    ...(focus
      ? createSpotlightLayers([focus], { key: 'takeover', rgb: TAKEOVER_RGB, phase: (now % HALO_PERIOD_MS) / HALO_PERIOD_MS, scale })
      : []),
  ];
}
