import { describe, expect, it } from 'vitest';
import { generateDistrict } from '../../../geodata/generate.ts';
import { createRng } from '../../../geodata/random.ts';
import { generateRegisters } from '../../../geodata/registers.ts';
import { parseIdNumber } from '../../../geodata/id-number.ts';

describe('generated registers', () => {
  const demo = generateDistrict('gridline', 'demo');
  const registers = generateRegisters(createRng('gridline/registers'), '379901', demo.households, demo.residents);

  it('is the same for the same seed', () => {
    expect(generateRegisters(createRng('gridline/registers'), '379901', demo.households, demo.residents)).toEqual(registers);
  });

  it('gives every resident a name and a unique ID number that passes GB 11643 and matches their birth date and gender', () => {
    expect(registers.residents).toHaveLength(demo.residents.length);
    const ids = new Set<string>();
    registers.residents.forEach((reg, i) => {
      const person = demo.residents[i]!;
      const parsed = parseIdNumber(reg.idNumber, '2026-11-22');
      expect(parsed.ok, reg.idNumber).toBe(true);
      if (parsed.ok) expect(parsed.facts).toMatchObject({ birthDate: person.birthDate, gender: person.gender });
      expect(reg.name.length).toBeGreaterThanOrEqual(2);
      ids.add(reg.idNumber);
    });
    expect(ids.size).toBe(registers.residents.length);
  });

  it('has about the shares such a town has', () => {
    const share = (n: number, of: number) => n / of;
    const rental = share(registers.households.filter((h) => h.tenure === 'rental').length, registers.households.length);
    expect(rental).toBeGreaterThan(0.14);
    expect(rental).toBeLessThan(0.22);
    const floating = share(registers.residents.filter((r) => r.hukou === 'floating').length, registers.residents.length);
    expect(floating).toBeGreaterThan(0.1);
    expect(floating).toBeLessThan(0.25);
    const count = (c: string) => registers.keyGroups.filter((k) => k.category === c).length;
    expect(count('elderly_alone')).toBeGreaterThan(50);
    expect(count('disabled') / demo.residents.length).toBeGreaterThan(0.02);
    expect(count('severe_mental_illness')).toBeGreaterThan(40);
    expect(count('community_correction')).toBeGreaterThan(0);
    expect(count('community_correction')).toBeLessThan(40);
  });
});
