import type { ImportReport, ImportUpload, Mapping } from '../../server/people/import/import-contract.ts';
import { sendJson } from './http.ts';

export type {
  ImportField,
  ImportReport,
  ImportRowError,
  ImportUpload,
  Mapping as ImportMapping,
} from '../../server/people/import/import-contract.ts';

/** Spreadsheets go as their own bytes; a browser that cannot name the type sends them as octet-stream. */
export const uploadRegister = (file: File): Promise<ImportUpload> =>
  sendJson(
    'POST',
    `/api/registers/imports?name=${encodeURIComponent(file.name)}`,
    new Blob([file], { type: file.type || 'application/octet-stream' }),
  );
export const checkImport = (id: number, mapping: Mapping): Promise<ImportReport> =>
  sendJson('POST', `/api/registers/imports/${id}/check`, { mapping });
export const commitImport = (id: number, mapping: Mapping, excludeInvalid: boolean): Promise<ImportReport> =>
  sendJson('POST', `/api/registers/imports/${id}/commit`, { mapping, excludeInvalid });
