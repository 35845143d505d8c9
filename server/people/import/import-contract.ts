import { z } from 'zod';

/**
 * The register import API as both sides see it: the fields a column maps to, the mapping,
 * and the answers of the upload, check and commit steps.
 */

/** The register fields a spreadsheet column can be mapped to. */
export const IMPORT_FIELDS = [
  'householdRef',
  'name',
  'idNumber',
  'phone',
  'gender',
  'birthDate',
  'hukou',
  'address',
  'lon',
  'lat',
  'unit',
  'floor',
  'tenure',
  'keyGroups',
  'keyGroupSince',
] as const;
/** A register field. */
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Which column (0-based) holds each field; unmapped fields are absent. */
export type Mapping = Partial<Record<ImportField, number>>;

/** A mapping as the client sends it: field → column index. */
export const mappingSchema = z
  .object(
    Object.fromEntries(IMPORT_FIELDS.map((f) => [f, z.number().int().min(0).max(255).optional()])) as Record<
      ImportField,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict()
  .refine((m) => m.name !== undefined && m.idNumber !== undefined, { message: 'name and idNumber must be mapped', path: ['name'] })
  .refine((m) => m.address !== undefined || (m.lon !== undefined && m.lat !== undefined), {
    message: 'map address, or lon and lat',
    path: ['address'],
  })
  .refine((m) => (m.lon === undefined) === (m.lat === undefined), { message: 'map lon and lat together', path: ['lon'] });

/** Body of the check step. */
export const checkBody = z.object({ mapping: mappingSchema }).strict();
/** Body of the commit step. */
export const commitBody = z.object({ mapping: mappingSchema, excludeInvalid: z.boolean().default(false) }).strict();

/** What an upload answers: the headers, three masked rows and a suggested mapping. */
export interface ImportUpload {
  id: number;
  fileName: string;
  format: 'csv' | 'xlsx';
  rows: number;
  headers: string[];
  preview: string[][];
  fields: ImportField[];
  suggested: Mapping;
}

/** One bad row and why, in both languages. */
export interface ImportRowError {
  line: number;
  field: ImportField | 'row';
  reason: string;
  reasonEn: string;
}

/** The check's report (the commit answers the same figures). */
export interface ImportReport {
  rows: number;
  valid: number;
  invalid: number;
  errors: ImportRowError[];
  newHouseholds: number;
  joinedHouseholds: number;
  newResidents: number;
  updatedResidents: number;
  newMemberships: number;
  excluded?: number;
}
