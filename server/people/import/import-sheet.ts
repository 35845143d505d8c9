/** A spreadsheet read for import: the header row and the data rows, as text. */
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** One data row: its cells by column, and the columns whose cell was a formula (refused on import). */
export interface SheetRow {
  cells: string[];
  formula: number[];
}

/** Import accepts spreadsheets of at most this many data rows; a bigger register is split by community. */
export const MAX_IMPORT_ROWS = 200_000;

/** Uploads of at most this many bytes. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** The two formats, told apart by their first bytes (a ZIP signature for XLSX), never by the name alone. */
export function sniffFormat(bytes: Uint8Array): 'xlsx' | 'csv' {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}
