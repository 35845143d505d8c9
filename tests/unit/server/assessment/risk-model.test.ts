import { describe, expect, it } from 'vitest';
import { expectations, fitRiskModel, MIN_AREA_CASES, type CaseRow } from '../../../../server/assessment/risk-model.ts';

/** A repeatable spread around 1 (±20 %). */
const noise = (i: number) => 1 + 0.2 * Math.sin(i * 12.9898);

/**
 * Ten cells' cases: quick ones (an hour) and slow ones (ten hours), farther ones slower. Cell H
 * gets mostly slow cases and is otherwise ordinary; cell S gets the usual mix and takes three times
 * as long on everything.
 */
function district(): CaseRow[] {
  const rows: CaseRow[] = [];
  let i = 0;
  for (let c = 0; c < 10; c++) {
    const code = c === 0 ? 'H' : c === 1 ? 'S' : `c${c}`;
    for (let k = 0; k < 12; k++, i++) {
      const slow = code === 'H' ? k < 10 : k % 4 === 0;
      const km = (k % 3) * 2;
      const base = (slow ? 600 : 60) * (1 + 0.1 * km);
      rows.push({
        code,
        category: slow ? 'building' : 'litter',
        colour: k % 2 ? 'blue' : 'yellow',
        minutes: base * (code === 'S' ? 3 : 1) * noise(i),
        km,
        load: 5,
      });
    }
  }
  return rows;
}

describe('the risk model', () => {
  it('does not punish a heavy case mix, and finds the cell that is slow for what it handles', () => {
    const rows = district();
    const byCell = expectations(rows);
    const median = (code: string) => {
      const m = rows
        .filter((r) => r.code === code)
        .map((r) => r.minutes)
        .sort((a, b) => a - b);
      return (m[5]! + m[6]!) / 2;
    };
    // Raw, H is the slowest cell of all (its median case is a ten-hour one)…
    expect(median('H')).toBeGreaterThan(median('S'));
    // …but for its mix it is as expected, and S is three times slower than expected.
    expect(byCell.get('H')!.ratio).toBeGreaterThan(0.8);
    expect(byCell.get('H')!.ratio).toBeLessThan(1.25);
    expect(byCell.get('S')!.ratio).toBeGreaterThan(2.3);
    expect(byCell.get('S')!.ratio).toBeLessThan(3.7);
    const worst = [...byCell.entries()].sort((a, b) => b[1].ratio - a[1].ratio)[0]![0];
    expect(worst).toBe('S');
    // The expected median of H's own cases is the slow category's time, not the district's.
    expect(byCell.get('H')!.expectedP50).toBeGreaterThan(400);
  });

  it('says nothing with too few cases', () => {
    expect(fitRiskModel(district().slice(0, MIN_AREA_CASES - 1))).toBeNull();
    expect(expectations(district().slice(0, MIN_AREA_CASES - 1)).size).toBe(0);
    expect(expectations([...district(), { code: 'few', category: 'litter', colour: 'blue', minutes: 60, km: 0, load: 5 }]).has('few')).toBe(
      false,
    );
  });
});
