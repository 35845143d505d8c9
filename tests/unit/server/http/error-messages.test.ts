import { describe, expect, it } from 'vitest';
import { errorMessage, pickLanguage } from '../../../../server/http/error-messages.ts';

describe('error messages', () => {
  it('answers in Chinese unless English comes first', () => {
    expect(pickLanguage(undefined)).toBe('zh-CN');
    expect(pickLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLanguage('en-GB,en;q=0.9')).toBe('en');
  });

  it('fills the template in each language', () => {
    expect(errorMessage('grid_not_found', 'zh-CN', { code: '379901' })).toBe('网格 379901 不存在');
    expect(errorMessage('grid_not_found', 'en', { code: '379901' })).toBe('Grid 379901 does not exist');
  });
});
