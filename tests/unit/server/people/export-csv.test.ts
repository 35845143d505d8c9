import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../../server/people/export-csv.ts';

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
});
