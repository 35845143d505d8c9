import { describe, expect, it } from 'vitest';
import { buildingOfAddress, groupHouseholds } from '../../../../../server/people/import/import-plan.ts';
import { type ParsedRow } from '../../../../../server/people/import/import-validate.ts';
import { TODAY } from './fixtures.ts';

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
