import type { LayersList } from '@deck.gl/core';
import type { GridCollection } from '../api/grids.ts';
import type { usePeopleStore } from '../stores/people.ts';
import type { useStatsStore } from '../stores/stats.ts';
import { choroplethFeatures, memberHexData, memberPointData } from './layers/people/people-data.ts';
import { createMemberPointsLayers, createRegistersChoroplethLayer, createRegistersHexLayer } from './layers/people/people-layers.ts';
import { heatData, heatDomainTop, hexagonData } from './layers/stats/stats-data.ts';
import { createResponseHeatLayer, createResponseHexLayer } from './layers/stats/stats-layers.ts';

type Stats = ReturnType<typeof useStatsStore>;
type People = ReturnType<typeof usePeopleStore>;

/**
 * The analysis drawn under the live markers: the population layer when one is chosen (figures per
 * cell or as hexagons, member households at close zoom), else the response-time hexagons or heat.
 * `cells` are the active level's polygons; `onHousehold` opens a household clicked.
 */
export function analysisLayers(
  response: Stats,
  registers: People,
  cells: GridCollection | undefined,
  onHousehold: (id: number) => void,
): LayersList {
  if (registers.mode !== 'off') {
    const layers: LayersList = [];
    if (registers.mode === 'counts') {
      layers.push(createRegistersChoroplethLayer(choroplethFeatures(cells, registers.cells, registers.breaks)));
    } else if (registers.hexagons) {
      const measure = registers.mode === 'overdue' ? 'overdue' : 'members';
      layers.push(createRegistersHexLayer(memberHexData(registers.hexagons.cells, measure, registers.breaks)));
    }
    if (registers.points.length > 0)
      layers.push(...createMemberPointsLayers(memberPointData(registers.points, registers.categories), onHousehold));
    return layers;
  }
  const bins = response.hexagons?.cells;
  if (response.mode === 'incidents' || !bins || bins.length === 0) return [];
  if (response.mode === 'hexagons') return [createResponseHexLayer(hexagonData(bins, response.stat, response.breaks))];
  return [createResponseHeatLayer(heatData(bins, response.stat), [0, heatDomainTop(response.breaks)])];
}
