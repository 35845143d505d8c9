import { describe, expect, it } from 'vitest';
import { damagedNames, damageOf } from '../../../../../server/boundaries/files/name-damage.ts';

/** How UTF-8 or GBK bytes of a name read when taken for Latin-1. */
const asLatin1 = (name: string, encoding: 'utf-8' | 'gbk') => {
  const bytes = encoding === 'utf-8' ? new TextEncoder().encode(name) : GBK[name]!;
  return new TextDecoder('latin1').decode(bytes);
};
/** 第一网格 in GBK (TextEncoder writes only UTF-8). */
const GBK: Record<string, Uint8Array> = { 第一网格: Uint8Array.from([0xb5, 0xda, 0xd2, 0xbb, 0xcd, 0xf8, 0xb8, 0xf1]) };

describe('names destroyed by an encoding', () => {
  it('tells lost, undecodable and mojibake names from real ones', () => {
    expect(damageOf('????????')).toBe('lost');
    expect(damageOf('??3??')).toBe('lost');
    expect(damageOf('第一网格')).toBeNull();
    expect(damageOf('What?')).toBeNull();
    expect(damageOf('网格\ufffd\ufffd')).toBe('undecodable');
    expect(damageOf(asLatin1('第一网格', 'gbk'))).toBe('mojibake');
    expect(damageOf(asLatin1('第一网格', 'utf-8'))).toBe('mojibake');
    // Real Latin-1 text is not mistaken for mojibake.
    expect(damageOf('Café Müller')).toBeNull();
    expect(damageOf('Zürich')).toBeNull();
  });

  it('counts the damaged values of each attribute with a few examples', () => {
    const features = ['????', '????', '第三网格'].map((name, i) => ({ properties: { NAME: name, CODE: `00${i}` }, geometry: null }));
    expect(damagedNames(features)).toEqual([{ field: 'NAME', kind: 'lost', count: 2, examples: ['????', '????'] }]);
    expect(damagedNames(features.slice(2))).toEqual([]);
  });
});
