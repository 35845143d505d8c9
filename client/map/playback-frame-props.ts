import type { GridCollection } from '../api/grids.ts';
import type { IncidentRow } from '../api/incidents.ts';
import type { HeatDatum } from './layers/stats/stats-data.ts';

/** A moment of a playback as the map draws it: the cases then, the heat so far on a fixed scale, and the cells in force. */
export interface PlaybackFrame {
  at: number;
  rows: IncidentRow[];
  heat: HeatDatum[];
  heatDomain: [number, number];
  cells: GridCollection | null;
}
