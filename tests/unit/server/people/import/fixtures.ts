/** Fixtures shared by the tests beside this file. */
import { makeIdNumber } from '../../../../../geodata/id-number.ts';
import { suggestMapping } from '../../../../../server/people/import/import-fields.ts';

export const TODAY = '2026-11-23';
export const HEADERS = ['户编号', '姓名', '身份证号', '联系电话', '性别', '出生日期', '户籍类型', '地址', '重点人群'];
export const mapping = suggestMapping(HEADERS);
export const ID = makeIdNumber('110101', '1950-03-07', 'F', 12);
export const row = (cells: Partial<Record<string, string>>, formula: number[] = []) => ({
  cells: HEADERS.map((h) => cells[h] ?? ''),
  formula,
});
