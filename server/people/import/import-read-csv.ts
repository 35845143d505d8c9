import { setImmediate } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { AppError } from '../../http/app-error.ts';
import type { Sheet } from './import-sheet.ts';

/** Bytes decoded and parsed between two turns of the event loop: a few milliseconds of work. */
const CHUNK = 64 * 1024;

/** The file is not valid UTF-8: read it again as GB18030. */
class NotUtf8 extends Error {}

/**
 * Rows of a CSV file (first row the headers), refusing more than `maxRows` data rows with a clear
 * limit. The text is UTF-8 (with or without a BOM) when it decodes as such, otherwise GB18030 —
 * what Excel on a Chinese Windows writes with "CSV (逗号分隔)". Decoded and parsed a slice at a
 * time, with a turn of the event loop between slices, and stopped one record past the limit: a
 * file of a million rows read in one go kept the server from answering anyone for most of a second.
 */
export async function readCsv(bytes: Uint8Array, maxRows: number): Promise<Sheet> {
  try {
    return await parseCsv(bytes, maxRows, new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }));
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    return parseCsv(bytes, maxRows, new TextDecoder('gb18030'));
  }
}

async function parseCsv(bytes: Uint8Array, maxRows: number, decoder: TextDecoder): Promise<Sheet> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, trim: true });
  const records: string[][] = [];
  parser.on('readable', () => {
    for (let r: string[] | null; (r = parser.read() as string[] | null) !== null;) records.push(r);
  });
  const parsed = new Promise<void>((resolve, reject) => parser.once('end', resolve).once('error', reject));
  let failure: Error | null = null;
  parsed.catch((error: Error) => (failure = error));
  const over = () => records.length - 1 > maxRows;
  const decode = (slice?: Uint8Array) => {
    try {
      return slice ? decoder.decode(slice, { stream: true }) : decoder.decode();
    } catch {
      parser.destroy();
      throw new NotUtf8();
    }
  };
  for (let i = 0; i < bytes.length && !failure && !over(); i += CHUNK) {
    parser.write(decode(bytes.subarray(i, i + CHUNK)));
    // The slice's records arrive on the next tick, before this resumes.
    await setImmediate();
  }
  const unreadable = (error: Error) => new AppError(422, 'spreadsheet_unreadable', { reason: error.message.slice(0, 200) });
  if (failure) throw unreadable(failure);
  if (over()) {
    parser.destroy();
    throw new AppError(413, 'too_many_rows', { max: maxRows });
  }
  parser.end(decode());
  await parsed.catch((error: Error) => Promise.reject(unreadable(error)));
  if (records.length === 0) throw new AppError(422, 'spreadsheet_empty');
  if (over()) throw new AppError(413, 'too_many_rows', { max: maxRows });
  const [headers, ...rows] = records;
  return { headers: headers!.map((h) => h.trim()), rows: rows.map((cells) => ({ cells, formula: [] })) };
}
