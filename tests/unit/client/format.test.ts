import { describe, expect, it } from 'vitest';
import { formatCount, levelName } from '../../../client/format.ts';

describe('formatting', () => {
  it('formats counts per locale and shows a dash when unknown', () => {
    expect(formatCount(10000, 'zh-CN')).toBe('10,000');
    expect(formatCount(80.25, 'en')).toBe('80.3');
    expect(formatCount(null, 'en')).toBe('—');
    expect(formatCount(NaN, 'en')).toBe('—');
  });

  it('names levels in the UI language', () => {
    expect(levelName({ nameZh: '网格', nameEn: 'Grid' }, 'zh-CN')).toBe('网格');
    expect(levelName({ nameZh: '网格', nameEn: 'Grid' }, 'en')).toBe('Grid');
  });
});
