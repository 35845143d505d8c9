import { describe, expect, it } from 'vitest';
import { checkCharacter, makeIdNumber, parseIdNumber } from '../../../geodata/id-number.ts';

describe('ID numbers (GB 11643-1999)', () => {
  const today = '2026-11-22';

  it('accepts the standard’s worked example and reads birth date and gender from it', () => {
    // The example in GB 11643-1999 Annex A: 11010519491231002X, a woman born 31 Dec 1949.
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(parseIdNumber('11010519491231002x', today)).toEqual({
      ok: true,
      facts: { division: '110105', birthDate: '1949-12-31', gender: 'F' },
    });
  });

  it('names the first problem: form, impossible date, future date, checksum', () => {
    expect(parseIdNumber('1101051949123100', today)).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('01010519491231002X', today)).toEqual({ ok: false, problem: 'format' });
    const feb30 = makeIdNumber('110105', '1990-02-28', 'M', 1).replace('19900228', '19900230');
    expect(parseIdNumber(feb30, today)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseIdNumber(makeIdNumber('110105', '2027-01-01', 'F', 3), today)).toEqual({ ok: false, problem: 'future_birth_date' });
    const good = makeIdNumber('320321', '1985-06-15', 'M', 42);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(parseIdNumber(bad, today)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('makes numbers that pass every check and carry the gender asked for', () => {
    for (let i = 0; i < 200; i++) {
      const gender = i % 2 ? 'M' : 'F';
      const id = makeIdNumber('379901', `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, gender, i);
      const parsed = parseIdNumber(id, today);
      expect(parsed.ok, id).toBe(true);
      if (parsed.ok) expect(parsed.facts.gender).toBe(gender);
    }
  });
});
