import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../../../../server/people/import/import-fields.ts';
import { mapping } from './fixtures.ts';

describe('the column mapping', () => {
  it('is suggested from the headers registers use, Chinese or English', () => {
    expect(mapping).toMatchObject({
      householdRef: 0,
      name: 1,
      idNumber: 2,
      phone: 3,
      gender: 4,
      birthDate: 5,
      hukou: 6,
      address: 7,
      keyGroups: 8,
    });
    expect(suggestMapping(['Name', 'ID Number', 'Longitude', 'Latitude'])).toEqual({ name: 0, idNumber: 1, lon: 2, lat: 3 });
  });
});
