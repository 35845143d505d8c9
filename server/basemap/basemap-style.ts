/** The extent of the loaded district. */
export interface DistrictExtent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/**
 * The MapLibre style of the offline base map: our own vector tiles, no glyphs
 * and no sprites, so no request ever leaves the machine. Labels are drawn by
 * deck.gl's TextLayer in the client (it builds its font atlas from local fonts).
 */
export function buildBasemapStyle(origin: string, extent: DistrictExtent, tileVersion: string) {
  const pad = 0.05;
  return {
    version: 8,
    name: 'gridline-basemap',
    center: [(extent.minLon + extent.maxLon) / 2, (extent.minLat + extent.maxLat) / 2],
    zoom: 13,
    sources: {
      basemap: {
        type: 'vector',
        tiles: [`${origin}/api/basemap/tiles/{z}/{x}/{y}.pbf?v=${encodeURIComponent(tileVersion)}`],
        minzoom: 8,
        maxzoom: 16,
        bounds: [extent.minLon - pad, extent.minLat - pad, extent.maxLon + pad, extent.maxLat + pad],
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#0b1526' } },
      {
        id: 'blocks',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'blocks',
        paint: {
          'fill-color': [
            'match',
            ['get', 'land_use'],
            'park',
            '#12372f',
            'farmland',
            '#1a2f22',
            'village',
            '#172434',
            'public',
            '#1d2540',
            'commercial',
            '#241f36',
            'industrial',
            '#202226',
            '#142033',
          ],
        },
      },
      {
        id: 'compounds',
        type: 'line',
        source: 'basemap',
        'source-layer': 'compounds',
        minzoom: 14,
        paint: { 'line-color': '#2a3d5c', 'line-width': 1, 'line-dasharray': [2, 2] },
      },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': '#0f3b5f' } },
      {
        id: 'roads-casing',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': '#050b14',
          'line-width': [
            'interpolate',
            ['exponential', 1.6],
            ['zoom'],
            10,
            1,
            14,
            ['match', ['get', 'class'], 'arterial', 10, 'secondary', 7, 'local', 4, 2.5],
            17,
            ['match', ['get', 'class'], 'arterial', 34, 'secondary', 24, 'local', 14, 8],
          ],
        },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'basemap',
        'source-layer': 'roads',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': ['match', ['get', 'class'], 'arterial', '#3b5578', 'secondary', '#324a69', 'local', '#2a3d58', '#24344b'],
          'line-width': [
            'interpolate',
            ['exponential', 1.6],
            ['zoom'],
            10,
            0.6,
            14,
            ['match', ['get', 'class'], 'arterial', 7, 'secondary', 5, 'local', 2.5, 1.5],
            17,
            ['match', ['get', 'class'], 'arterial', 28, 'secondary', 20, 'local', 11, 6],
          ],
        },
      },
      {
        id: 'buildings',
        type: 'fill',
        source: 'basemap',
        'source-layer': 'buildings',
        minzoom: 14,
        paint: {
          'fill-color': ['match', ['get', 'kind'], 'public', '#3a4a7a', 'commercial', '#4a3d6e', 'industrial', '#3d4450', '#2f4466'],
          'fill-outline-color': '#4d6691',
          'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.4, 16, 0.9],
        },
      },
    ],
  };
}
