import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeCsv, readCsv } from '../../../../../server/people/import/import-read-csv.ts';

describe('reading spreadsheets', () => {
  it('reads UTF-8 with a BOM and GB18030 as Excel writes them', () => {
    const utf8 = strToU8('\uFEFF姓名,身份证号\n张三,1\n');
    expect(readCsv(utf8, 10)).toEqual({ headers: ['姓名', '身份证号'], rows: [{ cells: ['张三', '1'], formula: [] }] });
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]); // 姓名\n张三\n in GB18030
    expect(decodeCsv(gbk)).toBe('姓名\n张三\n');
  });

  it('refuses a CSV over the row limit with the limit in the error', () => {
    const big = strToU8(['a', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n'));
    expect(() => readCsv(big, 10)).toThrow(/too_many_rows.*10/);
  });
});
