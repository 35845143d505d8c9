import { makeIdNumber } from './id-number.ts';
import { personName } from './names.ts';
import { REFERENCE_DATE, type Household, type Resident } from './people.ts';
import type { Rng } from './random.ts';

/** Key-group categories of DOMAIN.md §2 (codes match migration 011's catalogue). */
type KeyGroup =
  | 'elderly_alone'
  | 'disabled'
  | 'low_income'
  | 'left_behind_child'
  | 'community_correction'
  | 'released_prisoner'
  | 'drug_user'
  | 'severe_mental_illness'
  | 'petitioner';

/** What the registers add to a household and a resident. */
interface HouseholdRegister {
  householdId: number;
  tenure: 'owner' | 'rental';
}
interface ResidentRegister {
  residentId: number;
  name: string;
  idNumber: string;
  phone: string | null;
  hukou: 'registered' | 'floating';
}
/** The generated registers of a district. */
export interface Registers {
  households: HouseholdRegister[];
  residents: ResidentRegister[];
  keyGroups: KeyGroupMember[];
}
interface KeyGroupMember {
  residentId: number;
  category: KeyGroup;
  since: string;
}

/**
 * Rough shares for a county town (per resident unless noted): enough to make the registers and
 * their map layers look like such a place, not statistics about any real one.
 */
const SHARE = {
  rentalHouseholds: 0.18,
  floatingInRental: 0.7,
  floatingOtherwise: 0.04,
  phoneAdults: 0.9,
  disabled: 0.025,
  lowIncomeHouseholds: 0.03,
  leftBehindChildren: 0.04,
  communityCorrection: 0.0004,
  releasedPrisoner: 0.0006,
  drugUser: 0.0003,
  severeMentalIllness: 0.0045,
  petitioner: 0.0003,
};
/** Where floating residents' IDs were issued: divisions of neighbouring provinces. */
const ORIGINS = ['320321', '320322', '341321', '341322', '410102', '411424', '370102', '370882'];

const age = (birthDate: string) => (REFERENCE_DATE.getTime() - Date.parse(birthDate)) / (365.25 * 86_400_000);

/** A date in the five years before the reference date. */
function sinceDate(rng: Rng): string {
  return new Date(REFERENCE_DATE.getTime() - Math.floor(rng.range(30, 5 * 365)) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Names, ID numbers, phones, household registration (户籍/流动) and tenure, and the key-group
 * memberships, for residents and households already generated. Drawn from its own stream so the
 * rest of the district is the same with or without it. Every ID passes GB 11643 and is unique.
 */
export function generateRegisters(rng: Rng, division: string, households: readonly Household[], residents: readonly Resident[]): Registers {
  const byHousehold = new Map<number, Resident[]>();
  for (const r of residents) {
    const list = byHousehold.get(r.householdId);
    if (list) list.push(r);
    else byHousehold.set(r.householdId, [r]);
  }
  const sequence = new Map<string, number>();
  const idFor = (origin: string, r: Resident) => {
    const key = `${origin}${r.birthDate}${r.gender}`;
    const n = sequence.get(key) ?? rng.int(0, 40);
    sequence.set(key, n + 1);
    return makeIdNumber(origin, r.birthDate, r.gender, n);
  };
  const phone = () => `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;

  const householdRegisters: HouseholdRegister[] = [];
  const residentRegisters: ResidentRegister[] = [];
  const keyGroups: KeyGroupMember[] = [];
  const join = (residentId: number, category: KeyGroup) => keyGroups.push({ residentId, category, since: sinceDate(rng) });

  for (const h of households) {
    const members = byHousehold.get(h.id) ?? [];
    const tenure = rng.chance(SHARE.rentalHouseholds) ? 'rental' : 'owner';
    householdRegisters.push({ householdId: h.id, tenure });
    const floatingHousehold = rng.chance(tenure === 'rental' ? SHARE.floatingInRental : SHARE.floatingOtherwise);
    const origin = floatingHousehold ? rng.pick(ORIGINS) : division;
    const lowIncome = rng.chance(SHARE.lowIncomeHouseholds);
    const head = personName(rng);
    members.forEach((r, k) => {
      // The household shares the head's surname, except the spouse.
      const name = k === 0 ? head : k === 1 ? personName(rng) : head[0]! + personName(rng).slice(1);
      const years = age(r.birthDate);
      residentRegisters.push({
        residentId: r.id,
        name,
        idNumber: idFor(origin, r),
        phone: years >= 14 && rng.chance(SHARE.phoneAdults) ? phone() : null,
        hukou: floatingHousehold ? 'floating' : 'registered',
      });
      if (years >= 70 && members.length === 1) join(r.id, 'elderly_alone');
      if (lowIncome) join(r.id, 'low_income');
      if (rng.chance(SHARE.disabled * (years >= 60 ? 2 : 1))) join(r.id, 'disabled');
      if (years < 16 && !floatingHousehold && rng.chance(SHARE.leftBehindChildren)) join(r.id, 'left_behind_child');
      if (years >= 18) {
        if (rng.chance(SHARE.communityCorrection)) join(r.id, 'community_correction');
        if (rng.chance(SHARE.releasedPrisoner)) join(r.id, 'released_prisoner');
        if (rng.chance(SHARE.drugUser)) join(r.id, 'drug_user');
        if (rng.chance(SHARE.severeMentalIllness)) join(r.id, 'severe_mental_illness');
        if (rng.chance(SHARE.petitioner)) join(r.id, 'petitioner');
      }
    });
  }
  return { households: householdRegisters, residents: residentRegisters, keyGroups };
}
