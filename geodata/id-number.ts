/**
 * 居民身份证号码 (GB 11643-1999): six digits of the registering division (GB/T 2260), eight of the
 * birth date, three of sequence (odd for men, even for women) and a check character computed by
 * ISO 7064 MOD 11-2 (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first seventeen digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** What a valid number says about its holder. */
interface IdFacts {
  division: string;
  birthDate: string;
  gender: 'M' | 'F';
}

/** Why a number is refused, in the words the API reports. */
export type IdProblem = 'format' | 'birth_date' | 'future_birth_date' | 'checksum';

/** Checks an ID number against the standard and `today` (YYYY-MM-DD); the facts, or the first problem found. */
export function parseIdNumber(raw: string, today: string): { ok: true; facts: IdFacts } | { ok: false; problem: IdProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth_date' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'future_birth_date' };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, facts: { division: id.slice(0, 6), birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F' } };
}

/**
 * A number that passes every check, for generated registers: the division, birth date and gender
 * given, and a sequence the caller chooses (0–499, doubled and shifted to carry the gender).
 * Generated numbers are valid in form only; they belong to nobody.
 */
export function makeIdNumber(division: string, birthDate: string, gender: 'M' | 'F', sequence: number): string {
  if (!/^[1-9][0-9]{5}$/.test(division)) throw new Error(`division must be six digits, not "${division}"`);
  const seq = 2 * (sequence % 500) + (gender === 'M' ? 1 : 0);
  const first17 = `${division}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
