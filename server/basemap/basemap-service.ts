import type { Queryable } from '../db/db.ts';
import type { BasemapLabels, PlaceLabel, RoadLabel } from './basemap-contract.ts';
import type { DistrictExtent } from './basemap-style.ts';
import { encodeTile, TILE_EXTENT, type TileRow } from './tile-encode.ts';
import { SELECT_BASEMAP_TILE, SELECT_DISTRICT_EXTENT, SELECT_PLACE_LABELS, SELECT_ROAD_LABELS } from './tiles-sql.ts';
import { FILL_MISSING_PLACES } from './place-sql.ts';

/** Features reach this far past a tile's edge (in tile units), so strokes are not cut at the seam. */
export const TILE_BUFFER = 64 / TILE_EXTENT;

/** Road classes whose names are labelled. */
const LABELLED_ROADS = ['arterial', 'secondary', 'local'];

/** The loaded district's extent and identity, or null before seeding. */
export async function districtExtent(db: Queryable): Promise<(DistrictExtent & { seed: string; scale: string }) | null> {
  return (await db.query<DistrictExtent & { seed: string; scale: string }>(SELECT_DISTRICT_EXTENT))[0] ?? null;
}

/** One vector tile of the base map, cut by PostGIS and encoded here (no ST_AsMVT in the embedded PostGIS). */
export async function basemapTile(db: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  const rows = await db.query<TileRow>(SELECT_BASEMAP_TILE, [z, x, y, TILE_EXTENT, TILE_BUFFER]);
  return encodeTile(rows);
}

/** Road and place label anchors inside a box. */
export async function basemapLabels(db: Queryable, bbox: [number, number, number, number]): Promise<BasemapLabels> {
  const [roads, places] = await Promise.all([
    db.query<RoadLabel>(SELECT_ROAD_LABELS, [...bbox, LABELLED_ROADS]),
    db.query<PlaceLabel>(SELECT_PLACE_LABELS, bbox),
  ]);
  return { roads, places };
}

/** Puts places on incidents filed before they were kept (migration 020): once, at start; a scan that finds none otherwise. */
export async function fillMissingPlaces(db: Queryable): Promise<void> {
  await db.query(FILL_MISSING_PLACES);
}
