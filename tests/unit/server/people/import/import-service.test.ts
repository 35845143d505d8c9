import { describe, expect, it } from 'vitest';
import { maskCell } from '../../../../../server/people/import/import-service.ts';

describe('the import preview', () => {
  it('masks preview cells to their shape', () => {
    expect(maskCell('张三丰')).toBe('张*丰');
    expect(maskCell('李四')).toBe('李*');
    expect(maskCell('1950-03-07')).toBe('1***-**-*7');
    expect(maskCell('男')).toBe('男');
  });
});
