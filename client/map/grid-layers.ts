import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { GridCollection } from '../api/grids.ts';
import { fillColourFor, roleOfLevel, styleForLevel } from './grid-style.ts';

/** Layer ids of one level. */
export const gridLayerIds = (level: string) => ({
  source: `grids-${level}`,
  fill: `grid-fill-${level}`,
  line: `grid-line-${level}`,
  selected: `grid-selected-${level}`,
});

/** A colour per cell in the properties lets neighbouring cells stand apart. */
const coloured = (data: GridCollection): GridCollection => ({
  ...data,
  features: data.features.map((f, i) => ({ ...f, properties: { ...f.properties, colour: fillColourFor(i) } })),
});

/** Replaces the cells of the levels whose collections changed (a published boundary change). */
export function updateGridSources(map: MapLibreMap, levels: readonly string[], collections: Record<string, GridCollection>): void {
  for (const level of levels) {
    const source = map.getSource(gridLayerIds(level).source) as GeoJSONSource | undefined;
    if (source && collections[level]) source.setData(coloured(collections[level]));
  }
}

/** Adds a GeoJSON source and fill/outline/selection layers for each level, top level last so its outline is on top. */
export function addGridLayers(map: MapLibreMap, levels: readonly string[], collections: Record<string, GridCollection>): void {
  levels.forEach((level) => {
    const ids = gridLayerIds(level);
    map.addSource(ids.source, { type: 'geojson', data: coloured(collections[level]!), promoteId: 'code' });
    map.addLayer({
      id: ids.fill,
      type: 'fill',
      source: ids.source,
      layout: { visibility: 'none' },
      // No antialiasing: it draws every cell's outline a second time, and the line layer draws it already.
      paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.14, 'fill-antialias': false },
    });
  });
  [...levels].reverse().forEach((level) => {
    const index = levels.indexOf(level);
    const ids = gridLayerIds(level);
    const style = styleForLevel(index);
    map.addLayer({
      id: ids.line,
      type: 'line',
      source: ids.source,
      layout: { 'line-join': 'round', visibility: 'none' },
      paint: {
        'line-color': style.lineColor,
        'line-width': style.lineWidth,
        'line-opacity': 0.9,
        ...(style.lineDash ? { 'line-dasharray': style.lineDash } : {}),
      },
    });
    map.addLayer({
      id: ids.selected,
      type: 'line',
      source: ids.source,
      filter: ['==', ['get', 'code'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': style.lineWidth + 2.5 },
    });
  });
}

/**
 * Sets the outlines' widths for the display's scale `k` (1 at 1920×1080): a 4K wall draws them
 * twice as wide in pixels, so they look the same from across the room.
 */
export function scaleGridLines(map: MapLibreMap, levels: readonly string[], k: number): void {
  levels.forEach((level, index) => {
    const ids = gridLayerIds(level);
    const { lineWidth } = styleForLevel(index);
    if (map.getLayer(ids.line)) map.setPaintProperty(ids.line, 'line-width', lineWidth * k);
    if (map.getLayer(ids.selected)) map.setPaintProperty(ids.selected, 'line-width', (lineWidth + 2.5) * k);
  });
}

/** Shows levels down to the active one: context outlines above, the active level filled. */
export function showActiveLevel(map: MapLibreMap, levels: readonly string[], active: string): void {
  const activeIndex = levels.indexOf(active);
  levels.forEach((level, index) => {
    const ids = gridLayerIds(level);
    const role = roleOfLevel(index, activeIndex);
    map.setLayoutProperty(ids.fill, 'visibility', role === 'active' ? 'visible' : 'none');
    map.setLayoutProperty(ids.line, 'visibility', role === 'hidden' ? 'none' : 'visible');
  });
}

/** Outlines the selected cell in whichever level it belongs to. */
export function highlightCell(map: MapLibreMap, levels: readonly string[], code: string | null): void {
  const filter: FilterSpecification = ['==', ['get', 'code'], code ?? ''];
  for (const level of levels) map.setFilter(gridLayerIds(level).selected, filter);
}
