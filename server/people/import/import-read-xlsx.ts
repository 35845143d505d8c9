import { SaxesParser } from 'saxes';
import { inflateZip } from '../../files/inflate-zip.ts';
import { AppError } from '../../http/app-error.ts';
import type { Sheet, SheetRow } from './import-sheet.ts';

/**
 * Decompressed bytes an XLSX may expand to. A zip bomb is stopped here, while inflating, before
 * its parts reach the XML parser; 200,000 rows of a register are well under it.
 */
const MAX_XLSX_EXPANDED = 512 * 1024 * 1024;

/** Column index of a cell reference ("AB12" → 27). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** Streams the chosen parts of a ZIP through `onChunk` as text, one chunk at a time, so memory stays bounded by the parser's needs. */
function inflateParts(
  bytes: Uint8Array,
  limit: number,
  wanted: (name: string) => boolean,
  onChunk: (name: string, text: string, final: boolean) => void,
): Promise<string[]> {
  const decoders = new Map<string, TextDecoder>();
  return inflateZip(
    bytes,
    limit,
    wanted,
    (name, data, final) => {
      let decoder = decoders.get(name);
      if (!decoder) decoders.set(name, (decoder = new TextDecoder('utf-8')));
      onChunk(name, decoder.decode(data, { stream: !final }), final);
    },
    {
      tooLarge: () => new AppError(413, 'spreadsheet_too_large', { max: Math.round(limit / 1024 / 1024) }),
      unreadable: (reason) => new AppError(422, 'spreadsheet_unreadable', { reason }),
    },
  );
}

function parser(onError: (e: Error) => void): SaxesParser {
  const p = new SaxesParser();
  p.on('error', onError);
  return p;
}

/** The shared strings table (text of every <si>, phonetic runs left out). */
async function sharedStrings(bytes: Uint8Array, limit: number): Promise<{ strings: string[]; names: string[] }> {
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  const p = parser((e) => {
    throw new AppError(422, 'spreadsheet_unreadable', { reason: e.message.slice(0, 200) });
  });
  p.on('opentag', (n) => {
    if (n.name === 'si') current = '';
    else if (n.name === 'rPh') phonetic++;
    else if (n.name === 't') inText = true;
  });
  p.on('closetag', (n) => {
    if (n.name === 'si') {
      strings.push(current ?? '');
      current = null;
    } else if (n.name === 'rPh') phonetic--;
    else if (n.name === 't') inText = false;
  });
  p.on('text', (t) => {
    if (inText && phonetic === 0 && current !== null) current += t;
  });
  const names = await inflateParts(
    bytes,
    limit,
    (name) => name === 'xl/sharedStrings.xml',
    (_name, text, final) => {
      p.write(text);
      if (final) p.close();
    },
  );
  return { strings, names };
}

/**
 * The first worksheet of an XLSX as rows of text, streamed: shared strings are read in a first
 * pass, then the sheet's XML is parsed as it inflates and the work stops as soon as the file is
 * known to hold more than `maxRows` data rows. Formula cells are marked (import refuses them).
 */
export async function readXlsx(bytes: Uint8Array, maxRows: number, maxExpanded = MAX_XLSX_EXPANDED): Promise<Sheet> {
  const { strings, names } = await sharedStrings(bytes, maxExpanded);
  const sheets = names.filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).sort();
  const sheetName = sheets.includes('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : sheets[0];
  if (!sheetName) throw new AppError(422, 'spreadsheet_unreadable', { reason: 'no worksheet' });

  const rows: SheetRow[] = [];
  let row: SheetRow | null = null;
  let col = 0;
  let type = '';
  let value: string | null = null;
  let inValue = false;
  let inInline = false;
  let isFormula = false;
  const p = parser((e) => {
    throw new AppError(422, 'spreadsheet_unreadable', { reason: e.message.slice(0, 200) });
  });
  p.on('opentag', (n) => {
    switch (n.name) {
      case 'row':
        row = { cells: [], formula: [] };
        col = 0;
        break;
      case 'c': {
        const ref = n.attributes.r;
        if (typeof ref === 'string' && ref) col = columnIndex(ref);
        type = typeof n.attributes.t === 'string' ? n.attributes.t : 'n';
        value = null;
        isFormula = false;
        break;
      }
      case 'v':
        inValue = true;
        value ??= '';
        break;
      case 'is':
        inInline = true;
        value ??= '';
        break;
      case 'f':
        isFormula = true;
        break;
    }
  });
  p.on('text', (t) => {
    if (inValue || inInline) value = (value ?? '') + t;
  });
  p.on('closetag', (n) => {
    switch (n.name) {
      case 'v':
        inValue = false;
        break;
      case 'is':
        inInline = false;
        break;
      case 'c': {
        if (!row) break;
        let text = value ?? '';
        if (type === 's') text = strings[Number(text)] ?? '';
        else if (type === 'b') text = text === '1' ? 'TRUE' : 'FALSE';
        else if (type === 'e') text = '';
        row.cells[col] = text.trim();
        if (isFormula) row.formula.push(col);
        col++;
        break;
      }
      case 'row':
        if (row && row.cells.some((c) => c !== undefined && c !== '')) {
          for (let i = 0; i < row.cells.length; i++) row.cells[i] ??= '';
          rows.push(row);
          if (rows.length - 1 > maxRows) throw new AppError(413, 'too_many_rows', { max: maxRows });
        }
        row = null;
        break;
    }
  });
  await inflateParts(
    bytes,
    maxExpanded,
    (name) => name === sheetName,
    (_name, text, final) => {
      p.write(text);
      if (final) p.close();
    },
  );
  if (rows.length === 0) throw new AppError(422, 'spreadsheet_empty');
  const [header, ...data] = rows;
  return { headers: header!.cells.map((h) => h.trim()), rows: data };
}
