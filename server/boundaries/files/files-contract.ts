import { z } from 'zod';
import { gridCodeSchema } from '../../grids/grids-contract.ts';

/** The boundary-file part of the boundaries API: uploads, their preview, drafting from them, export. */

/** The types a boundary file is uploaded as, by its extension (browsers often give GeoJSON and KML none). */
export const BOUNDARY_UPLOAD_TYPES = {
  zip: 'application/zip',
  kml: 'application/vnd.google-earth.kml+xml',
  geojson: 'application/geo+json',
} as const;

/** Upload size: a county's grids with detailed shapes are a few megabytes. */
export const MAX_BOUNDARY_UPLOAD = 32 * 1024 * 1024;
/** Cells one import may bring (the children of one parent). */
export const MAX_IMPORT_FEATURES = 500;
/** The formats a boundary file may come in. */
export type BoundaryFormat = 'geojson' | 'shapefile' | 'kml';

/** One feature that cannot become a cell, and why (both languages). */
export interface FeatureProblem {
  index: number;
  label: string;
  reason: string;
  reasonEn: string;
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
  warnings: string[];
  problems: FeatureProblem[];
}

/** The coordinate systems an upload may be in; all are stored as WGS-84. */
export const SOURCE_CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type SourceCrs = (typeof SOURCE_CRS)[number];

/** What a file says (or suggests) about its coordinate system, and why. */
export interface CrsHint {
  crs: SourceCrs | null;
  reason: string;
}

/** Body of POST /api/boundaries/imports/:id/draft: how an upload becomes a draft. */
export const draftBody = z
  .object({
    parentCode: gridCodeSchema,
    crs: z.enum(SOURCE_CRS),
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
