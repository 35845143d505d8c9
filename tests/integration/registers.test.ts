import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../geodata/id-number.ts';
import { sharedServer } from '../support/test-server.ts';

describe('the demo registers as loaded', () => {
  it('fills every resident’s name and a valid, unique ID number, and every household’s tenure', async () => {
    const { db } = await sharedServer();
    // Imports (other tests) may leave tenure unknown; the seeded registers may not.
    const [missing] = await db.query<{ names: number; ids: number; tenure: number; hukou: number }>(
      `SELECT (SELECT count(*) FROM residents WHERE name IS NULL)::int AS names,
              (SELECT count(*) FROM residents WHERE id_number IS NULL)::int AS ids,
              (SELECT count(*) FROM residents WHERE hukou IS NULL)::int AS hukou,
              (SELECT count(*) FROM households WHERE tenure IS NULL AND import_id IS NULL)::int AS tenure`,
    );
    expect(missing).toEqual({ names: 0, ids: 0, tenure: 0, hukou: 0 });
    const sample = await db.query<{ id: string; birth: string; gender: string }>(
      "SELECT id_number AS id, to_char(birth_date, 'YYYY-MM-DD') AS birth, gender FROM residents ORDER BY id LIMIT 500",
    );
    for (const r of sample) {
      const parsed = parseIdNumber(r.id, '2026-11-22');
      expect(parsed.ok, r.id).toBe(true);
      if (parsed.ok) expect(parsed.facts).toMatchObject({ birthDate: r.birth, gender: r.gender });
    }
  });

  it('refuses a second resident with the same ID number', async () => {
    const { db } = await sharedServer();
    const [r] = await db.query<{ id: string; household: number }>(
      'SELECT id_number AS id, household_id AS household FROM residents LIMIT 1',
    );
    await expect(
      db.query("INSERT INTO residents (id, household_id, gender, birth_date, id_number) VALUES (99999999, $1, 'M', '1990-01-01', $2)", [
        r!.household,
        r!.id,
      ]),
    ).rejects.toThrow();
  });

  it('records key-group members in every category with the grid’s worker responsible', async () => {
    const { db } = await sharedServer();
    const rows = await db.query<{ category: string; n: number; responsible: number }>(
      `SELECT c.code AS category, count(m.id)::int AS n, count(m.responsible_staff_id)::int AS responsible
       FROM key_group_categories c LEFT JOIN key_group_members m ON m.category = c.code GROUP BY c.code ORDER BY c.code`,
    );
    expect(rows).toHaveLength(9);
    const byCode = new Map(rows.map((r) => [r.category, r]));
    expect(byCode.get('elderly_alone')!.n).toBeGreaterThan(50);
    expect(byCode.get('severe_mental_illness')!.n).toBeGreaterThan(40);
    for (const r of rows) expect(r.responsible).toBe(r.n);
  });
});
