import type { LonLat } from './projection.ts';
import type { Rng } from './random.ts';

/** A household living in a building. */
export interface Household {
  id: number;
  buildingId: number;
  address: string;
  unit: number;
  floor: number;
  size: number;
  location: LonLat;
}

/** A resident, with only what counts need so far. */
export interface Resident {
  id: number;
  householdId: number;
  gender: 'M' | 'F';
  birthDate: string;
}

/** Share of residents by five-year age band (0–4 … 85+), roughly China's 2020 census. */
const AGE_BANDS = [5.7, 6.4, 6.2, 5.3, 5.3, 6.6, 8.7, 6.9, 6.5, 8.0, 8.6, 7.2, 5.2, 5.0, 3.4, 2.2, 1.4, 1.0];
const AGE_TOTAL = AGE_BANDS.reduce((a, b) => a + b, 0);
/** Household sizes 1–6 and their shares (average about 2.6, as in the 2020 census). */
const HOUSEHOLD_SIZES = [0.25, 0.3, 0.21, 0.13, 0.07, 0.04];

/** The date ages are counted from, fixed so output does not depend on the clock. */
export const REFERENCE_DATE = new Date(Date.UTC(2026, 0, 1));

/** Draws a household size. */
export function drawHouseholdSize(rng: Rng): number {
  let r = rng.next();
  for (let i = 0; i < HOUSEHOLD_SIZES.length; i++) {
    r -= HOUSEHOLD_SIZES[i]!;
    if (r < 0) return i + 1;
  }
  return HOUSEHOLD_SIZES.length;
}

/** Draws an age in whole years following the age pyramid. */
export function drawAge(rng: Rng): number {
  let r = rng.next() * AGE_TOTAL;
  for (let i = 0; i < AGE_BANDS.length; i++) {
    r -= AGE_BANDS[i]!;
    if (r < 0) return i * 5 + rng.int(0, 4);
  }
  return 85 + rng.int(0, 12);
}

/** Birth date (YYYY-MM-DD) of someone `age` years old on the reference date. */
export function birthDateFor(age: number, rng: Rng): string {
  const days = Math.floor((age + rng.next()) * 365.25);
  const d = new Date(REFERENCE_DATE.getTime() - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}
