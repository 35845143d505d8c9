import type { CrsHint, EncodingReport, FileNote } from './files-contract.ts';

/** A feature read from an uploaded boundary file, before any check: attributes and a raw geometry. */
export interface SourceFeature {
  properties: Record<string, string | number | boolean | null>;
  /** As read; the structural check (geometry-input.ts) decides whether it is a usable polygon. */
  geometry: unknown;
}

/** A file read: its features, the attribute names, a CRS hint and anything noticed but not followed. */
export interface SourceFile {
  features: SourceFeature[];
  fields: string[];
  crs: CrsHint;
  /** The file's own projection (WKT), when the hint is 'file'. */
  definition?: string;
  warnings: FileNote[];
  /** A GeoPackage's feature layers and the one read. */
  layers?: string[];
  layer?: string;
  encoding?: EncodingReport;
}

/** Attribute names in first-seen order. */
export function fieldsOf(features: SourceFeature[]): string[] {
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) seen.add(k);
  return [...seen];
}

/** Keeps attribute values a mapping can use (scalars), dropping nested objects. */
export function scalarProperties(raw: unknown): SourceFeature['properties'] {
  const out: SourceFeature['properties'] = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>))
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
