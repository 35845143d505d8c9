import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../client/html.ts';

describe('escaping text for HTML', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href='x' title="y">&</a>`)).toBe('&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('松柏社区第一网格')).toBe('松柏社区第一网格');
    expect(escapeHtml(42)).toBe('42');
  });
});
