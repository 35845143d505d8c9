import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../server/people/export-csv.ts';
import { toXlsx } from '../../../server/people/export-xlsx.ts';
import { makeIdNumber } from '../../../server/people/id-number.ts';
import { suggestMapping } from '../../../server/people/import-fields.ts';
import { buildingOfAddress, groupHouseholds } from '../../../server/people/import-plan.ts';
import { decodeCsv, readCsv } from '../../../server/people/import-read-csv.ts';
import { columnIndex, readXlsx } from '../../../server/people/import-read-xlsx.ts';
import { maskCell } from '../../../server/people/import-service.ts';
import { sniffFormat } from '../../../server/people/import-sheet.ts';
import { parseDate, validateRow, type ParsedRow } from '../../../server/people/import-validate.ts';

const TODAY = '2026-11-23';
const categories = new Map([
  ['elderly_alone', 'elderly_alone'],
  ['独居老人', 'elderly_alone'],
  ['残疾人', 'disabled'],
]);
const HEADERS = ['户编号', '姓名', '身份证号', '联系电话', '性别', '出生日期', '户籍类型', '地址', '重点人群'];
const mapping = suggestMapping(HEADERS);
const ID = makeIdNumber('110101', '1950-03-07', 'F', 12);
const row = (cells: Partial<Record<string, string>>, formula: number[] = []) => ({
  cells: HEADERS.map((h) => cells[h] ?? ''),
  formula,
});
const good = {
  户编号: 'H1',
  姓名: '王秀英',
  身份证号: ID,
  联系电话: '13800138000',
  性别: '女',
  出生日期: '1950/3/7',
  户籍类型: '户籍',
  地址: '幸福小区3号楼2单元301室',
  重点人群: '独居老人',
};

describe('the column mapping', () => {
  it('is suggested from the headers registers use, Chinese or English', () => {
    expect(mapping).toMatchObject({
      householdRef: 0,
      name: 1,
      idNumber: 2,
      phone: 3,
      gender: 4,
      birthDate: 5,
      hukou: 6,
      address: 7,
      keyGroups: 8,
    });
    expect(suggestMapping(['Name', 'ID Number', 'Longitude', 'Latitude'])).toEqual({ name: 0, idNumber: 1, lon: 2, lat: 3 });
  });
});

describe('checking one row', () => {
  it('accepts a good row and reads its facts from the ID number', () => {
    const result = validateRow(row(good), 0, mapping, categories, TODAY);
    expect(result).toMatchObject({
      ok: true,
      row: { line: 2, gender: 'F', birthDate: '1950-03-07', hukou: 'registered', keyGroups: ['elderly_alone'] },
    });
  });

  it.each([
    ['a wrong check character', { 身份证号: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1') }, 'idNumber', '校验位'],
    ['a birth date in the future', { 身份证号: makeIdNumber('110101', '2030-01-01', 'F', 1), 出生日期: '' }, 'idNumber', '晚于今天'],
    ['a birth date column in the future', { 出生日期: '2027-01-01' }, 'birthDate', '晚于今天'],
    ['a birth date that disagrees with the ID', { 出生日期: '1950-03-08' }, 'birthDate', '不符'],
    ['a gender that disagrees with the ID', { 性别: '男' }, 'gender', '不符'],
    ['no name', { 姓名: '' }, 'name', '不能为空'],
    ['a formula as a name', { 姓名: '=HYPERLINK("http://x","点我")' }, 'name', '公式注入'],
    ['a formula as an address', { 地址: '@SUM(A1)' }, 'address', '公式注入'],
    ['a bad phone', { 联系电话: '12345' }, 'phone', '电话'],
    ['an unknown key group', { 重点人群: '外星人' }, 'keyGroups', '外星人'],
    ['neither address nor coordinates', { 地址: '' }, 'address', '至少填写一项'],
  ])('refuses %s, naming the field', (_what, change, field, words) => {
    const result = validateRow(row({ ...good, ...change }), 4, mapping, categories, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.find((e) => e.field === field)?.reason).toContain(words);
    expect(result.errors[0]!.line).toBe(6);
  });

  it('refuses a cell that was a formula in the workbook', () => {
    const result = validateRow(row(good, [1]), 0, mapping, categories, TODAY);
    expect(result.ok).toBe(false);
  });

  it('reads dates as registers write them, Excel day numbers included', () => {
    expect(parseDate('2024-03-01')).toBe('2024-03-01');
    expect(parseDate('2024/3/1')).toBe('2024-03-01');
    expect(parseDate('2024年3月1日')).toBe('2024-03-01');
    expect(parseDate('20240301')).toBe('2024-03-01');
    expect(parseDate('45352')).toBe('2024-03-01');
    expect(parseDate('2024-02-30')).toBeNull();
    expect(parseDate('soon')).toBeNull();
  });
});

describe('checks across rows', () => {
  const parsed = (line: number, key: string, id: string, address = 'A楼1单元101室'): ParsedRow => ({
    line,
    householdKey: key,
    name: '某',
    idNumber: id,
    phone: null,
    gender: 'M',
    birthDate: '1980-01-01',
    hukou: 'registered',
    address,
    lon: null,
    lat: null,
    unit: null,
    floor: null,
    tenure: null,
    keyGroups: [],
    keyGroupSince: TODAY,
  });

  it('refuses one person in two households, a repeated row, and a household with two addresses', () => {
    const { households, errors } = groupHouseholds([
      parsed(2, 'H1', 'A'),
      parsed(3, 'H1', 'B'),
      parsed(4, 'H2', 'A', 'B楼'),
      parsed(5, 'H1', 'B'),
      parsed(6, 'H1', 'C', 'C楼'),
    ]);
    // Neither of A's rows can be trusted over the other, so both are refused.
    expect(households.map((h) => [h.key, h.rows.length])).toEqual([['H1', 1]]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'idNumber'],
      [4, 'idNumber'],
      [5, 'idNumber'],
      [6, 'address'],
    ]);
    expect(errors[0]!.reason).toContain('多个户');
    expect(errors[0]!.reason).toContain('第 4 行');
    expect(errors[2]!.reason).toContain('重复行');
  });

  it('finds the building an address begins with, the longest name first, and says when a name is shared', () => {
    const names = new Map<string, number | 'ambiguous'>([
      ['幸福小区3号楼', 3],
      ['幸福小区3号楼东', 4],
      ['和平里1号楼', 'ambiguous'],
    ]);
    expect(buildingOfAddress('幸福小区3号楼2单元301室', names, 20)).toBe(3);
    expect(buildingOfAddress('幸福小区3号楼东1单元101室', names, 20)).toBe(4);
    expect(buildingOfAddress('和平里1号楼1单元', names, 20)).toBe('ambiguous');
    expect(buildingOfAddress('无名路', names, 20)).toBeNull();
  });
});

describe('reading spreadsheets', () => {
  it('reads UTF-8 with a BOM and GB18030 as Excel writes them', () => {
    const utf8 = strToU8('\uFEFF姓名,身份证号\n张三,1\n');
    expect(readCsv(utf8, 10)).toEqual({ headers: ['姓名', '身份证号'], rows: [{ cells: ['张三', '1'], formula: [] }] });
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]); // 姓名\n张三\n in GB18030
    expect(decodeCsv(gbk)).toBe('姓名\n张三\n');
  });

  it('refuses a CSV over the row limit with the limit in the error', () => {
    const big = strToU8(['a', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n'));
    expect(() => readCsv(big, 10)).toThrow(/too_many_rows.*10/);
  });

  it('reads an XLSX: shared and inline strings, numbers, gaps, and marks formula cells', () => {
    const sheet =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>出生日期</t></is></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>1+1</f><v>2</v></c><c r="D2"><v>45352</v></c></row>' +
      '<row r="3"></row>' +
      '</sheetData></worksheet>';
    const shared = '<sst><si><t>姓名</t></si><si><r><t>身份</t></r><r><t>证号</t></r></si><si><t>李四</t><rPh><t>リ</t></rPh></si></sst>';
    const bytes = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet), 'xl/sharedStrings.xml': strToU8(shared) });
    expect(sniffFormat(bytes)).toBe('xlsx');
    expect(readXlsx(bytes, 10)).toEqual({
      headers: ['姓名', '身份证号', '', '出生日期'],
      rows: [{ cells: ['李四', '2', '', '45352'], formula: [1] }],
    });
    expect(columnIndex('AB12')).toBe(27);
  });

  it('reads back what the export writes, and stops an XLSX over the row limit', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`人${i}`, i]);
    const sheet = readXlsx(toXlsx(['姓名', '序号'], rows), 100);
    expect(sheet.rows.length).toBe(30);
    expect(sheet.rows[29]!.cells).toEqual(['人29', '29']);
    expect(() => readXlsx(toXlsx(['姓名', '序号'], rows), 20)).toThrow(/too_many_rows/);
  });

  it('stops a zip bomb while inflating, before the XML parser sees it', () => {
    // 64 MB of zeros deflate to about 64 KB; the limit is lowered for the test, the mechanism is the same.
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(256 * 1024);
    expect(() => readXlsx(bomb, 10, 16 * 1024 * 1024)).toThrow(/spreadsheet_too_large/);
  });
});

describe('exporting', () => {
  it('escapes what a spreadsheet would run as a formula, and quotes what CSV must', () => {
    expect(csvField('=HYPERLINK("http://evil","点我")')).toBe(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@x')).toBe("'@x");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('张*三')).toBe('张*三');
    expect(toCsv(['a'], [['1']])).toBe('\uFEFFa\r\n1\r\n');
  });

  it('masks preview cells to their shape', () => {
    expect(maskCell('张三丰')).toBe('张*丰');
    expect(maskCell('李四')).toBe('李*');
    expect(maskCell('1950-03-07')).toBe('1***-**-*7');
    expect(maskCell('男')).toBe('男');
  });
});
