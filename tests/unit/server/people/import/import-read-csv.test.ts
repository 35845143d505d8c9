import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../../server/people/import/import-read-csv.ts';

describe('reading spreadsheets', () => {
  it('reads UTF-8 with a BOM and GB18030 as Excel writes them', async () => {
    const utf8 = strToU8('\uFEFF姓名,身份证号\n张三,1\n');
    expect(await readCsv(utf8, 10)).toEqual({ headers: ['姓名', '身份证号'], rows: [{ cells: ['张三', '1'], formula: [] }] });
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]); // 姓名\n张三\n in GB18030
    expect(await readCsv(gbk, 10)).toEqual({ headers: ['姓名'], rows: [{ cells: ['张三'], formula: [] }] });
    // GB18030 found only far into the file, after slices that were valid UTF-8.
    const late = new Uint8Array([...strToU8(`a\n${'1\n'.repeat(100_000)}`), 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    const sheet = await readCsv(late, 200_000);
    expect(sheet.rows.at(-1)!.cells).toEqual(['张三']);
  });

  it('refuses a CSV over the row limit with the limit in the error', async () => {
    const big = strToU8(['a', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n'));
    await expect(readCsv(big, 10)).rejects.toThrow(/too_many_rows.*10/);
    await expect(readCsv(strToU8(['a', ...Array.from({ length: 10 }, (_, i) => String(i))].join('\n')), 10)).resolves.toMatchObject({
      headers: ['a'],
    });
  });

  it('refuses a file far over the limit', async () => {
    await expect(readCsv(strToU8(`a,b\n${'1,2\n'.repeat(1_000_000)}`), 100)).rejects.toThrow(/too_many_rows.*100/);
  });

  it('names a CSV that cannot be parsed', async () => {
    await expect(readCsv(strToU8('a,b\n"unclosed,1\n'), 10)).rejects.toThrow(/spreadsheet_unreadable/);
  });
});
