import type { Scene, ScenePanel, TourStep } from '../../server/tours/tours-contract.ts';
import type { RegistersMode } from '../map/layers/people/people-data.ts';
import type { MapMode } from '../stores/stats.ts';

/** Where a scene puts the map: the wall's start level over the whole area, its finest level, or a cell and the level below it. */
export type SceneScope = { kind: 'area' } | { kind: 'finest' } | { kind: 'cell'; code: string };

/** What a scene shows: the layer over the grids, the population layer, the analysis in front, and where. */
export interface SceneLayout {
  mapMode: MapMode;
  peopleMode: RegistersMode;
  panel: ScenePanel;
  scope: SceneScope;
}

/** The named scenes. Each is one of the wall's own views, so a tour shows nothing an operator could not. */
const SCENE_LAYOUTS: Record<Exclude<Scene, 'closeup'>, SceneLayout> = {
  // The whole area: its cells compared by workload, the live cases on top.
  overview: { mapMode: 'incidents', peopleMode: 'off', panel: 'workload', scope: { kind: 'area' } },
  // The live cases where they happen, over the smallest cells.
  incidents: { mapMode: 'incidents', peopleMode: 'off', panel: 'workload', scope: { kind: 'finest' } },
  // How long cases take to reach, as a heat surface.
  response: { mapMode: 'heat', peopleMode: 'off', panel: 'workload', scope: { kind: 'area' } },
  // Where the key groups live and whose visits are overdue.
  population: { mapMode: 'incidents', peopleMode: 'overdue', panel: 'keyGroups', scope: { kind: 'area' } },
};

/** The layout of a tour step: its scene's, with the step's own panel when it names one. */
export function sceneLayout(step: TourStep): SceneLayout {
  const base: SceneLayout =
    step.scene === 'closeup'
      ? { mapMode: 'incidents', peopleMode: 'off', panel: 'workload', scope: { kind: 'cell', code: step.cell! } }
      : SCENE_LAYOUTS[step.scene];
  return step.panel ? { ...base, panel: step.panel } : base;
}
