import { z } from 'zod';
import { gridCodeSchema } from '../../grids/grids-contract.ts';

/** The boundary-file part of the boundaries API: uploads, their preview, drafting from them, export. */

/** The types a boundary file is uploaded as, by its extension (browsers often give GeoJSON and KML none). */
export const BOUNDARY_UPLOAD_TYPES = {
  zip: 'application/zip',
  kml: 'application/vnd.google-earth.kml+xml',
  geojson: 'application/geo+json',
  kmz: 'application/vnd.google-earth.kmz',
  gpkg: 'application/geopackage+sqlite3',
} as const;

/** Upload size: a county's grids with detailed shapes are a few megabytes. */
export const MAX_BOUNDARY_UPLOAD = 32 * 1024 * 1024;
/** Cells one import may bring (the children of one parent). */
export const MAX_IMPORT_FEATURES = 500;
/** The formats a boundary file may come in. */
export const BOUNDARY_FORMATS = ['geojson', 'shapefile', 'kml', 'kmz', 'geopackage'] as const;
export type BoundaryFormat = (typeof BOUNDARY_FORMATS)[number];

/** One feature that cannot become a cell, and why (both languages). */
export interface FeatureProblem {
  index: number;
  label: string;
  reason: string;
  reasonEn: string;
}

/** A note on a file (both languages): something read but not followed, or worth checking. */
export interface FileNote {
  zh: string;
  en: string;
}

/** Attribute values an encoding destroyed: lost to "?", undecodable (U+FFFD), or mojibake. */
export interface NameDamage {
  field: string;
  kind: 'lost' | 'undecodable' | 'mojibake';
  count: number;
  examples: string[];
}

/** How a file's attributes were decoded, and what each encoding tried made of them. */
export interface EncodingReport {
  /** What the file says (a Shapefile's .cpg), or null. */
  declared: string | null;
  used: string;
  tried: { encoding: string; damaged: number }[];
}

/** Where a file's features lie against the viewer's area and the parents they fall in. */
export interface FileLocation {
  /** Kilometres from the file's extent to the viewer's area (0 when they meet). */
  distanceKm: number;
  areaName: string;
  /** Parents (the cells whose children are drawn) each feature's inner point falls in; null: none. */
  parents: { code: string | null; name: string | null; features: number }[];
}

/** A projection that would put a file without a stated system in the viewer's area. */
export interface ProjectionChoice {
  code: string;
  name: string;
  /** Kilometres from the file's first position, read in it, to the area's centre. */
  distanceKm: number;
}

/** What the operator sees before choosing the mapping: counts, attributes, CRS, and features that cannot be used. */
export interface ImportPreview {
  id: number;
  fileName: string;
  format: BoundaryFormat;
  featureCount: number;
  fields: string[];
  sample: Record<string, string | number | boolean | null>[];
  crs: CrsHint;
  geographic: boolean;
  warnings: FileNote[];
  problems: FeatureProblem[];
  /** The layers of a GeoPackage (the one read first, or as chosen); empty for other formats. */
  layers: string[];
  layer: string | null;
  encoding: EncodingReport | null;
  damage: NameDamage[];
  /** Null while the coordinate system is not known. */
  location: FileLocation | null;
  /** For projected coordinates in no stated system: the catalogue's systems that would put them here. */
  choices: ProjectionChoice[];
}

/** The geographic systems an upload may be in; all are stored as WGS-84. */
export const SOURCE_CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type SourceCrs = (typeof SOURCE_CRS)[number];

/**
 * What a file is read in: a geographic system, a projection of the catalogue ("EPSG:4548", see
 * GET /api/boundaries/projections), or 'file', the projection its own .prj defines.
 */
export const importCrsSchema = z.union([z.enum(SOURCE_CRS), z.string().regex(/^EPSG:[0-9]{4,5}$/), z.literal('file')]);
export type ImportCrs = z.infer<typeof importCrsSchema>;

/** What a file says (or suggests) about its coordinate system, and why. */
export interface CrsHint {
  crs: ImportCrs | null;
  /** Why, in English; `reasonZh` in Chinese where the reason is words rather than the file's own text. */
  reason: string;
  reasonZh?: string;
  /** The projection the file states, when it states one: its catalogue code (null: not in it) and name. */
  projection?: { code: string | null; name: string };
}

/** Query of GET /api/boundaries/imports/:id: the layer of a GeoPackage to preview. */
export const previewQuery = z.object({ layer: z.string().min(1).max(200).optional() }).strict();

/** Body of POST /api/boundaries/imports/:id/draft: how an upload becomes a draft. */
export const draftBody = z
  .object({
    parentCode: gridCodeSchema,
    crs: importCrsSchema,
    /** The layer of a GeoPackage (default: its first). */
    layer: z.string().min(1).max(200).optional(),
    /** The attribute holding each cell's code (the full code or its last three digits), if any. */
    codeField: z.string().min(1).max(64).optional(),
    nameField: z.string().min(1).max(64),
    /** Features left out (by index), e.g. the invalid ones the preview listed. */
    exclude: z.array(z.number().int().min(0)).max(MAX_IMPORT_FEATURES).default([]),
    /** Cells of the parent that the file does not hold are deleted (the file is the new layout). */
    replace: z.boolean().default(true),
    /** Vertices this close to the parent's boundary (metres) are snapped onto it; 0 keeps them as drawn. */
    snapToParentM: z.number().min(0).max(5).default(1),
  })
  .strict();

/** Query of GET /api/boundaries/export. */
export const exportQuery = z
  .object({
    level: z.string().regex(/^[a-z_]{1,40}$/),
    format: z.enum(['geojson', 'shapefile']).default('geojson'),
    parent: gridCodeSchema.optional(),
  })
  .strict();
