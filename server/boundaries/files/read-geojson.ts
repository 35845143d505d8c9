import { AppError } from '../../http/app-error.ts';
import { jsonNestsDeeper, MAX_JSON_DEPTH } from '../../http/input-guards.ts';
import { crsFromGeoJson } from './crs.ts';
import { fieldsOf, scalarProperties, type SourceFeature, type SourceFile } from './source-feature.ts';

/** A FeatureCollection, a Feature or a bare geometry, as features; anything else is refused with what it was. */
export function readGeoJson(bytes: Uint8Array): SourceFile {
  // Coordinates nested thousands deep would overflow the stack of whatever walks them.
  if (jsonNestsDeeper(bytes))
    throw new AppError(422, 'boundary_file_unreadable', { reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
  let root: unknown;
  try {
    root = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError(422, 'boundary_file_unreadable', { reason: `JSON: ${(err as Error).message.slice(0, 120)}` });
  }
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new AppError(422, 'boundary_file_unreadable', { reason: 'not a GeoJSON object' });
  const r = root as Record<string, unknown>;
  let features: SourceFeature[];
  if (r.type === 'FeatureCollection') {
    if (!Array.isArray(r.features))
      throw new AppError(422, 'boundary_file_unreadable', { reason: 'FeatureCollection without a features array' });
    features = r.features.map((f) => ({
      properties: scalarProperties((f as { properties?: unknown } | null)?.properties),
      geometry: (f as { geometry?: unknown } | null)?.geometry ?? null,
    }));
  } else if (r.type === 'Feature') features = [{ properties: scalarProperties(r.properties), geometry: r.geometry ?? null }];
  else if (typeof r.type === 'string' && 'coordinates' in r) features = [{ properties: {}, geometry: r }];
  else
    throw new AppError(422, 'boundary_file_unreadable', {
      reason: `type ${String(r.type).slice(0, 40)} is not a GeoJSON feature or geometry`,
    });
  return { features, fields: fieldsOf(features), crs: crsFromGeoJson(r, features), warnings: [] };
}
