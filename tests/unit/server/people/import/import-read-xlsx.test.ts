import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../../../../server/files/export-xlsx.ts';
import { columnIndex, readXlsx } from '../../../../../server/people/import/import-read-xlsx.ts';
import { sniffFormat } from '../../../../../server/people/import/import-sheet.ts';

describe('reading XLSX', () => {
  it('reads an XLSX: shared and inline strings, numbers, gaps, and marks formula cells', async () => {
    const sheet =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>出生日期</t></is></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>1+1</f><v>2</v></c><c r="D2"><v>45352</v></c></row>' +
      '<row r="3"></row>' +
      '</sheetData></worksheet>';
    const shared = '<sst><si><t>姓名</t></si><si><r><t>身份</t></r><r><t>证号</t></r></si><si><t>李四</t><rPh><t>リ</t></rPh></si></sst>';
    const bytes = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet), 'xl/sharedStrings.xml': strToU8(shared) });
    expect(sniffFormat(bytes)).toBe('xlsx');
    expect(await readXlsx(bytes, 10)).toEqual({
      headers: ['姓名', '身份证号', '', '出生日期'],
      rows: [{ cells: ['李四', '2', '', '45352'], formula: [1] }],
    });
    expect(columnIndex('AB12')).toBe(27);
  });

  it('reads back what the export writes, and stops an XLSX over the row limit', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`人${i}`, i]);
    const sheet = await readXlsx(await toXlsx(['姓名', '序号'], rows), 100);
    expect(sheet.rows.length).toBe(30);
    expect(sheet.rows[29]!.cells).toEqual(['人29', '29']);
    const long = await toXlsx(['姓名', '序号'], rows);
    await expect(readXlsx(long, 20)).rejects.toThrow(/too_many_rows/);
  });

  it('stops a zip bomb while inflating, at the limit, however well-formed what it expands to', async () => {
    // 64 MB of a sheet that is all blank space deflate to about 64 KB; the limit is lowered for the test.
    const xml = new Uint8Array(64 * 1024 * 1024).fill(0x20);
    xml.set(strToU8('<worksheet><sheetData>'));
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': xml }, { level: 9 });
    expect(bomb.length).toBeLessThan(256 * 1024);
    await expect(readXlsx(bomb, 10, 16 * 1024 * 1024)).rejects.toThrow(/spreadsheet_too_large/);
  });
});
