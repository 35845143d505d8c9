import { parse } from 'csv-parse/sync';
import { AppError } from '../../http/app-error.ts';
import type { Sheet } from './import-sheet.ts';

/**
 * Text of a CSV file: UTF-8 (with or without a BOM) when it decodes as such, otherwise GB18030 —
 * what Excel on a Chinese Windows writes with "CSV (逗号分隔)".
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Rows of a CSV file (first row the headers), refusing more than `maxRows` data rows with a clear limit. */
export function readCsv(bytes: Uint8Array, maxRows: number): Sheet {
  let records: string[][];
  try {
    // One line past the limit is enough to know the file is over it, so a huge file is never parsed whole.
    records = parse(decodeCsv(bytes), { relax_column_count: true, skip_empty_lines: true, to_line: maxRows + 2, trim: true });
  } catch (error) {
    throw new AppError(422, 'spreadsheet_unreadable', { reason: (error as Error).message.slice(0, 200) });
  }
  if (records.length === 0) throw new AppError(422, 'spreadsheet_empty');
  if (records.length - 1 > maxRows) throw new AppError(413, 'too_many_rows', { max: maxRows });
  const [headers, ...rows] = records;
  return { headers: headers!.map((h) => h.trim()), rows: rows.map((cells) => ({ cells, formula: [] })) };
}
