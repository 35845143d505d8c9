import type { ImportField, Mapping } from './import-contract.ts';
import { IMPORT_FIELDS } from './import-contract.ts';

/**
 * Header names seen in the registers street offices keep (公安人口信息、网格采集表、民政台账), lower-cased,
 * for the suggested mapping; the operator confirms or changes it before anything is checked.
 */
const SYNONYMS: Record<ImportField, string[]> = {
  householdRef: ['户编号', '户号', '户主编号', '家庭编号', 'household', 'household_ref', 'householdref'],
  name: ['姓名', '名字', '居民姓名', 'name', 'full name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证', 'id_number', 'idnumber', 'id number', 'id'],
  phone: ['联系电话', '手机', '手机号', '手机号码', '电话', 'phone', 'mobile', 'tel'],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '出生年月', '生日', 'birth_date', 'birthdate', 'date of birth', 'dob'],
  hukou: ['户籍类型', '户籍', '人口类型', '人员类型', 'hukou', 'registration'],
  address: ['地址', '住址', '居住地址', '现住址', '房屋地址', 'address'],
  lon: ['经度', 'lon', 'lng', 'longitude', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y'],
  unit: ['单元', '单元号', 'unit'],
  floor: ['楼层', '层', 'floor'],
  tenure: ['房屋性质', '居住性质', '房屋类型', '是否出租', 'tenure'],
  keyGroups: ['重点人群', '重点人群类别', '人员类别', '特殊人群', 'key_group', 'key_groups', 'key group'],
  keyGroupSince: ['纳入日期', '列管日期', '登记日期', 'since', 'key_group_since'],
};

/** The mapping suggested from the headers: each field to the first column whose header is one of its names. */
export function suggestMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const index = headers.findIndex((h, i) => !taken.has(i) && SYNONYMS[field].includes(h.trim().toLowerCase()));
    if (index >= 0) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  return mapping;
}
