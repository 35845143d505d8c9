import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../../../geodata/id-number.ts';
import { parseDate, validateRow } from '../../../../../server/people/import/import-validate.ts';
import { ID, TODAY, mapping, row } from './fixtures.ts';

const categories = new Map([
  ['elderly_alone', 'elderly_alone'],
  ['独居老人', 'elderly_alone'],
  ['残疾人', 'disabled'],
]);
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
