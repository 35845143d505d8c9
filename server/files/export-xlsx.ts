import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Characters XML 1.0 cannot carry at all: a workbook holding one would not open. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * A one-sheet XLSX workbook, written by ExcelJS's streaming writer (docs/decisions.md has the
 * comparison with the hand-written writer it replaced). Every cell is written as text, so nothing
 * in it is ever a formula whatever it starts with (a workbook runs only formula cells), and ID
 * numbers keep all 18 digits.
 */
export async function toXlsx(headers: string[], rows: (string | number | null)[][], sheetName = 'Sheet1'): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName.replace(NOT_XML, ''));
  for (const cells of [headers, ...rows])
    sheet.addRow(cells.map((v) => (v === null || v === '' ? null : String(v).replace(NOT_XML, '')))).commit();
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
