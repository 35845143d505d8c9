import { describe, expect, it } from 'vitest';
import { apportion } from '../../../geodata/hierarchy.ts';

describe('apportion', () => {
  it('splits a total by weight, at least one each, within caps', () => {
    expect(apportion([1, 1, 2], [10, 10, 10], 8)).toEqual([2, 2, 4]);
    expect(apportion([100, 1], [3, 3], 6)).toEqual([3, 3]);
    expect(apportion([0, 0], [5, 5], 4).reduce((a, b) => a + b, 0)).toBe(4);
  });
});
