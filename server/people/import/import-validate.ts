import { parseIdNumber, type IdProblem } from '../../../geodata/id-number.ts';
import type { ImportField, Mapping } from './import-contract.ts';
import type { SheetRow } from './import-sheet.ts';

/** A reason a row is refused, in both languages (the report is shown in the user's). */
export interface RowError {
  /** Spreadsheet line (the header is line 1). */
  line: number;
  field: ImportField | 'row';
  reason: string;
  reasonEn: string;
}

/** A row that passed every check of its own (checks across rows and against the register come later). */
export interface ParsedRow {
  line: number;
  householdKey: string;
  name: string;
  idNumber: string;
  phone: string | null;
  gender: 'M' | 'F';
  birthDate: string;
  hukou: 'registered' | 'floating';
  address: string | null;
  lon: number | null;
  lat: number | null;
  unit: number | null;
  floor: number | null;
  tenure: 'owner' | 'rental' | null;
  keyGroups: string[];
  keyGroupSince: string;
}

/** Category codes by every name they go by (code, Chinese and English names), lower-cased. */
export type CategoryNames = Map<string, string>;

const ID_REASONS: Record<IdProblem, [string, string]> = {
  format: ['身份证号应为 18 位，末位可为 X', 'an ID number has 18 characters, the last may be X'],
  birth_date: ['身份证号中的出生日期不存在', 'the birth date inside the ID number does not exist'],
  future_birth_date: ['身份证号中的出生日期晚于今天', 'the birth date inside the ID number is in the future'],
  checksum: ['身份证号校验位错误', 'the ID number’s check character is wrong'],
};

/** Cells a spreadsheet program would run as a formula when the file is opened (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A date as the registers write them: 2024-03-01, 2024/3/1, 2024年3月1日, 20240301, or an Excel day number. */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{3,5})(?:\.0+)?$/.exec(text))) {
    // Excel's 1900 date system: day 1 is 1900-01-01, and it counts a 29 February 1900 that never was.
    const serial = Number(match[1]);
    if (serial < 61) return null;
    const t = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const GENDERS: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', m: 'M', f: 'F', male: 'M', female: 'F' };
const HUKOU: Record<string, 'registered' | 'floating'> = {
  户籍: 'registered',
  户籍人口: 'registered',
  常住: 'registered',
  本地: 'registered',
  registered: 'registered',
  流动: 'floating',
  流动人口: 'floating',
  外来: 'floating',
  暂住: 'floating',
  floating: 'floating',
};
const TENURE: Record<string, 'owner' | 'rental'> = {
  自住: 'owner',
  自有: 'owner',
  自购: 'owner',
  owner: 'owner',
  出租: 'rental',
  租住: 'rental',
  租赁: 'rental',
  rental: 'rental',
};

/**
 * Checks one spreadsheet row on its own: required fields, the ID number against GB 11643 and
 * against the gender and birth date given, dates, phone, coordinates and the key-group names.
 * Pure: the same row, mapping and day always give the same answer.
 */
export function validateRow(
  row: SheetRow,
  index: number,
  mapping: Mapping,
  categories: CategoryNames,
  today: string,
): { ok: true; row: ParsedRow } | { ok: false; errors: RowError[] } {
  const line = index + 2;
  const errors: RowError[] = [];
  const fail = (field: RowError['field'], reason: string, reasonEn: string) => errors.push({ line, field, reason, reasonEn });
  const cell = (field: ImportField): string => {
    const col = mapping[field];
    return col === undefined ? '' : (row.cells[col] ?? '').trim();
  };

  for (const [field, col] of Object.entries(mapping) as [ImportField, number][]) {
    if (row.formula.includes(col)) fail(field, '单元格是公式，请以数值粘贴后再导入', 'the cell is a formula; paste it as a value first');
  }
  for (const field of ['name', 'address', 'householdRef'] as const) {
    if (FORMULA_START.test(cell(field))) fail(field, '以 = + - @ 开头，疑似公式注入', 'starts with = + - @ and may be a formula injection');
  }

  const name = cell('name');
  if (!name) fail('name', '姓名不能为空', 'the name is required');
  else if (name.length > 40 || /[\p{Cc}<>]/u.test(name))
    fail('name', '姓名过长或含非法字符', 'the name is too long or has characters not allowed');

  const idRaw = cell('idNumber').toUpperCase();
  const id = parseIdNumber(idRaw, today);
  if (!idRaw) fail('idNumber', '身份证号不能为空', 'the ID number is required');
  else if (!id.ok) fail('idNumber', ...ID_REASONS[id.problem]);

  const genderRaw = cell('gender').toLowerCase();
  const gender = genderRaw ? GENDERS[genderRaw] : undefined;
  if (genderRaw && !gender) fail('gender', '性别应为 男 或 女', 'gender must be 男 or 女 (M or F)');
  if (gender && id.ok && gender !== id.facts.gender) fail('gender', '性别与身份证号不符', 'the gender does not match the ID number');

  const birthRaw = cell('birthDate');
  const birth = birthRaw ? parseDate(birthRaw) : null;
  if (birthRaw && !birth) fail('birthDate', '出生日期无法识别', 'the birth date is not a date');
  else if (birth && birth > today) fail('birthDate', '出生日期晚于今天', 'the birth date is in the future');
  else if (birth && id.ok && birth !== id.facts.birthDate)
    fail('birthDate', '出生日期与身份证号不符', 'the birth date does not match the ID number');

  const phone = cell('phone').replace(/[\s()（）]/g, '');
  if (phone && !/^(?:\+?86)?1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$/.test(phone)) {
    fail('phone', '电话号码格式不正确', 'the phone number is not a mainland mobile or landline number');
  }

  const hukouRaw = cell('hukou').toLowerCase();
  const hukou = hukouRaw ? HUKOU[hukouRaw] : 'registered';
  if (!hukou) fail('hukou', '户籍类型应为 户籍 或 流动', 'hukou must be 户籍 (registered) or 流动 (floating)');

  const tenureRaw = cell('tenure').toLowerCase();
  const tenure = tenureRaw ? TENURE[tenureRaw] : null;
  if (tenureRaw && !tenure) fail('tenure', '房屋性质应为 自住 或 出租', 'tenure must be 自住 (owner) or 出租 (rental)');

  const lonRaw = cell('lon');
  const latRaw = cell('lat');
  const lon = lonRaw ? Number(lonRaw) : null;
  const lat = latRaw ? Number(latRaw) : null;
  if ((lonRaw === '') !== (latRaw === '')) fail('lon', '经度和纬度须同时填写', 'longitude and latitude go together');
  else if (lon !== null && (!Number.isFinite(lon) || lon < -180 || lon > 180))
    fail('lon', '经度应在 -180 到 180 之间', 'longitude must be between -180 and 180');
  else if (lat !== null && (!Number.isFinite(lat) || lat < -90 || lat > 90))
    fail('lat', '纬度应在 -90 到 90 之间', 'latitude must be between -90 and 90');

  const address = cell('address');
  if (!address && lon === null) fail('address', '地址和经纬度至少填写一项', 'give the address or the coordinates');
  if (address.length > 200) fail('address', '地址过长（最多 200 字）', 'the address is too long (200 characters at most)');

  const int = (field: 'unit' | 'floor', min: number, max: number): number | null => {
    const raw = cell(field);
    if (!raw) return null;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      fail(field, `应为 ${min} 到 ${max} 的整数`, `must be a whole number from ${min} to ${max}`);
      return null;
    }
    return n;
  };
  const unit = int('unit', 1, 99);
  const floor = int('floor', -5, 200);

  const keyGroups: string[] = [];
  for (const part of cell('keyGroups').split(/[、,;，；/|]+/)) {
    const label = part.trim().toLowerCase();
    if (!label || label === '无') continue;
    const code = categories.get(label);
    if (code) keyGroups.push(code);
    else fail('keyGroups', `“${part.trim()}”不是已知的重点人群类别`, `"${part.trim()}" is not a known key-group category`);
  }
  const sinceRaw = cell('keyGroupSince');
  const since = sinceRaw ? parseDate(sinceRaw) : today;
  if (!since) fail('keyGroupSince', '纳入日期无法识别', 'the date of joining is not a date');
  else if (since > today) fail('keyGroupSince', '纳入日期晚于今天', 'the date of joining is in the future');

  if (errors.length > 0 || !id.ok) return { ok: false, errors };
  return {
    ok: true,
    row: {
      line,
      householdKey: cell('householdRef') || address || `${lon},${lat}`,
      name,
      idNumber: idRaw,
      phone: phone || null,
      gender: id.facts.gender,
      birthDate: id.facts.birthDate,
      hukou: hukou!,
      address: address || null,
      lon,
      lat,
      unit,
      floor,
      tenure: tenure ?? null,
      keyGroups: [...new Set(keyGroups)],
      keyGroupSince: since!,
    },
  };
}
