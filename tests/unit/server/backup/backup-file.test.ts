import { describe, expect, it } from 'vitest';
import { BackupError, decodeHeader, encodeHeader, refusal, type BackupHeader } from '../../../../server/backup/backup-file.ts';

const header: BackupHeader = { backend: 'postgres', migrationLevel: 17, createdAt: '2026-12-02T18:00:00.000Z', counts: { grids: 37 } };

describe('the backup file header', () => {
  it('reads back what was written and where the dump starts', () => {
    const bytes = Buffer.concat([encodeHeader(header), Buffer.from('PGDMP…')]);
    const { header: read, offset } = decodeHeader(bytes);
    expect(read).toEqual(header);
    expect(bytes.subarray(offset).toString()).toBe('PGDMP…');
  });

  it('refuses what is not a gridline backup: another file, a cut header, a header of the wrong shape', () => {
    for (const bytes of [
      Buffer.from('PGDMP\x01\x0e'),
      Buffer.from('GRIDLINE-BACKUP 1\n{"backend":"postgres"'),
      Buffer.from('GRIDLINE-BACKUP 1\n{"backend":"oracle","migrationLevel":1}\n'),
      Buffer.from('GRIDLINE-BACKUP 1\nnot json\n'),
      Buffer.alloc(0),
    ])
      expect(() => decodeHeader(bytes), bytes.toString()).toThrow(BackupError);
  });
});

describe('what a restore refuses', () => {
  it('takes the same backend at this or an older level', () => {
    expect(refusal(header, 'postgres', 17)).toBeNull();
    expect(refusal({ ...header, migrationLevel: 12 }, 'postgres', 17)).toBeNull();
  });

  it('refuses a newer migration level and another backend, saying so in both languages', () => {
    expect(refusal({ ...header, migrationLevel: 18 }, 'postgres', 17)).toMatch(
      /迁移级别 18.*only|更新的版本.*newer version \(migration level 18\)/,
    );
    expect(refusal(header, 'pglite', 17)).toMatch(/PostGIS.*内置数据库.*embedded/);
  });
});
