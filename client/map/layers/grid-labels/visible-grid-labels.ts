import type { GridCollection } from '../../../api/grids.ts';
import { clusterDiameter, type IncidentCluster } from '../incidents/incidents-data.ts';
import { gridLabelsFrom, labelOrder, type GridLabel } from './grid-labels-data.ts';
import { placeLabels, type Obstacle } from './label-placement.ts';

/** Levels of at most this many cells write every name that fits, over the clusters. */
export const FEW_NAMES = 60;

/** What decides which names of the active level are written. */
export interface LabelScene {
  cells: GridCollection | undefined;
  selectedCode: string | null;
  zoom: number;
  /** The text's height on screen in pixels (the level's size at the display's scale). */
  sizePx: number;
  /** The display's scale: clusters' rings are sized in pixels at scale 1. */
  scale: number;
  clusters: readonly IncidentCluster[];
}

/** The clusters' rings as circles a name must not cover. */
const ringsOf = (clusters: readonly IncidentCluster[], scale: number): Obstacle[] =>
  clusters.map((c) => ({ position: c.position, radius: (clusterDiameter(c.count) / 2) * scale }));

/**
 * The names to write: selected first, then larger cells, each giving way to those already placed
 * at this zoom's scale (a county's 2,425 names cannot all be written at once). A level of many
 * cells also gives way to the clusters' counts; a few township names are the map's orientation
 * and are written over the clusters.
 */
export function visibleGridLabels(scene: LabelScene): GridLabel[] {
  const names = labelOrder(gridLabelsFrom(scene.cells), scene.selectedCode);
  const obstacles = names.length > FEW_NAMES ? ringsOf(scene.clusters, scene.scale) : [];
  return placeLabels(names, scene.zoom, scene.sizePx, obstacles);
}

/** Where the clusters' rings stand, as a key: equal keys, equal obstacles. */
const ringsKey = (clusters: readonly IncidentCluster[]): string =>
  clusters.map((c) => `${c.position[0].toFixed(6)},${c.position[1].toFixed(6)},${c.count}`).join(';');

/**
 * visibleGridLabels remembering its last answer: live cases arrive in batches several times a
 * minute, and most batches move no ring, so the names need placing again only when the cells,
 * the selection, the zoom, the size or a ring changed.
 */
export function createVisibleGridLabels(): (scene: LabelScene) => GridLabel[] {
  let last: { cells: GridCollection | undefined; key: string; labels: GridLabel[] } | null = null;
  return (scene) => {
    const many = (scene.cells?.features.length ?? 0) > FEW_NAMES;
    const key = [scene.selectedCode, scene.zoom, scene.sizePx, scene.scale, many ? ringsKey(scene.clusters) : ''].join('|');
    if (last && last.cells === scene.cells && last.key === key) return last.labels;
    last = { cells: scene.cells, key, labels: visibleGridLabels(scene) };
    return last.labels;
  };
}
