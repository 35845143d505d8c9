import { sendJson } from './http.ts';

/** The register fields a spreadsheet column can be mapped to (the server's list comes with each upload). */
export type ImportField =
  | 'householdRef'
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'gender'
  | 'birthDate'
  | 'hukou'
  | 'address'
  | 'lon'
  | 'lat'
  | 'unit'
  | 'floor'
  | 'tenure'
  | 'keyGroups'
  | 'keyGroupSince';

/** Field → 0-based column. */
export type ImportMapping = Partial<Record<ImportField, number>>;

/** What an upload answers: the headers, three masked rows and a suggested mapping. */
export interface ImportUpload {
  id: number;
  fileName: string;
  format: 'csv' | 'xlsx';
  rows: number;
  headers: string[];
  preview: string[][];
  fields: ImportField[];
  suggested: ImportMapping;
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

/** Spreadsheets go as their own bytes; a browser that cannot name the type sends them as octet-stream. */
export const uploadRegister = (file: File): Promise<ImportUpload> =>
  sendJson(
    'POST',
    `/api/registers/imports?name=${encodeURIComponent(file.name)}`,
    new Blob([file], { type: file.type || 'application/octet-stream' }),
  );
export const checkImport = (id: number, mapping: ImportMapping): Promise<ImportReport> =>
  sendJson('POST', `/api/registers/imports/${id}/check`, { mapping });
export const commitImport = (id: number, mapping: ImportMapping, excludeInvalid: boolean): Promise<ImportReport> =>
  sendJson('POST', `/api/registers/imports/${id}/commit`, { mapping, excludeInvalid });
