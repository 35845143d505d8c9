/** The base-map API as both sides see it: where its style is served and the label anchors it answers. */

/** The style URL of the offline base map. */
export const BASEMAP_STYLE_URL = '/api/basemap/style.json';

/** A road-name anchor. */
export interface RoadLabel {
  name: string;
  roadClass: string;
  lon: number;
  lat: number;
  bearing: number;
  lengthM: number;
}

/** A place-name anchor (compound). */
export interface PlaceLabel {
  name: string;
  kind: string;
  lon: number;
  lat: number;
}

/** GET /api/basemap/labels for a bbox. */
export interface BasemapLabels {
  roads: RoadLabel[];
  places: PlaceLabel[];
}
