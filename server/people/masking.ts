/**
 * Masking applied to every personal field by default (PIPL data minimisation): enough to tell
 * records apart on a list, not enough to identify a person. Unmasking is a separate, audited
 * request. Each function is total: odd input is masked, never returned as is.
 */

/** 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 110101199003071234 → 110101********1234 (division and last four only); anything else → all stars. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length < 10) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}

/** 13812345678 → 138****5678; other lengths keep at most the first three and last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 5) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** A house number inside a building stays, the door does not: 3号楼2单元501室 → 3号楼2单元***室. */
export function maskRoom(address: string): string {
  return address.replace(/([0-9]+)(室|户|号房)$/u, (_m, n: string, unit: string) => `${'*'.repeat(n.length)}${unit}`);
}

/**
 * 1990-03-07 → 1990-**-**: the year is enough for an age, while the day and month would, with the
 * masked ID number's division and last four digits, give the whole ID number back.
 */
export function maskBirthDate(date: string): string {
  return /^[0-9]{4}-/.test(date) ? `${date.slice(0, 4)}-**-**` : '*'.repeat(date.length);
}
