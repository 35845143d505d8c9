import { FORMULA_START } from './import/import-validate.ts';

/**
 * One CSV field, safe to open in a spreadsheet: a value that would start a formula (= + - @, tab,
 * carriage return) is prefixed with an apostrophe so it is shown as text, never run (OWASP CSV
 * injection), and a field with a comma, quote or line break is quoted with its quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document with a UTF-8 byte-order mark, which Excel needs to read Chinese correctly. */
export function toCsv(headers: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
