import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../server/http/app-error.ts';
import { parseBbox, parseGridQuery, toleranceForZoom } from '../../../../server/grids/grids-params.ts';

const paramOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.param : 'not an AppError';
  }
  return undefined;
};

describe('grid query parsing', () => {
  it('accepts a full query', () => {
    expect(parseGridQuery({ level: 'grid', parent: '379901001001', bbox: '116.9,34.7,117,34.8', zoom: '12.5' })).toEqual({
      level: 'grid',
      parent: '379901001001',
      bbox: [116.9, 34.7, 117, 34.8],
      zoom: 12.5,
    });
    expect(parseGridQuery({})).toEqual({ level: null, parent: null, bbox: null, zoom: null });
  });

  it.each([
    ['1,2,3', 'bbox'],
    ['1,2,3,4,5', 'bbox'],
    ['a,2,3,4', 'bbox'],
    ['1,,3,4', 'bbox'],
    ['181,0,182,1', 'bbox'],
    ['0,-91,1,1', 'bbox'],
    ['2,0,1,1', 'bbox'],
    ['Infinity,0,1,1', 'bbox'],
    ['NaN,0,1,1', 'bbox'],
  ])('rejects bbox %s', (bbox, param) => {
    expect(paramOf(() => parseBbox(bbox))).toBe(param);
  });

  it.each(['-0.5', '22.5', 'x', '', '1e309'])('rejects zoom %s', (zoom) => {
    expect(paramOf(() => parseGridQuery({ zoom }))).toBe('zoom');
  });

  it('rejects repeated parameters and malformed codes', () => {
    expect(paramOf(() => parseGridQuery({ level: ['a', 'b'] }))).toBe('level');
    expect(paramOf(() => parseGridQuery({ parent: '3799' }))).toBe('parent');
    expect(paramOf(() => parseGridQuery({ parent: '3799010010011' }))).toBe('parent');
  });

  it('simplifies by half a pixel below street zooms and not at all above', () => {
    expect(toleranceForZoom(null)).toBeNull();
    expect(toleranceForZoom(16)).toBeNull();
    expect(toleranceForZoom(10)).toBeCloseTo(360 / (512 * 1024) / 2);
    expect(toleranceForZoom(8)! > toleranceForZoom(12)!).toBe(true);
  });
});
