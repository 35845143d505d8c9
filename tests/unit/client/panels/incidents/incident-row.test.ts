import { describe, expect, it } from 'vitest';
import { openMinutes, whereText } from '../../../../../client/panels/incidents/incident-row.ts';

const near = (name: string) => `${name}附近`;
const row = {
  status: 'dispatched',
  gridName: '松柏社区第一网格',
  placeKind: 'road' as const,
  placeName: '清泉路',
  createdAt: '2026-12-03T07:00:00Z',
};

describe('an incident row in words', () => {
  it('says the grid and the place: a compound by name, a road as near it', () => {
    expect(whereText(row, near)).toBe('松柏社区第一网格 · 清泉路附近');
    expect(whereText({ ...row, placeKind: 'compound', placeName: '梧桐花园' }, near)).toBe('松柏社区第一网格 · 梧桐花园');
    expect(whereText({ ...row, placeKind: null, placeName: null }, near)).toBe('松柏社区第一网格');
    // An unlocated case has neither: the row shows its flag instead.
    expect(whereText({ ...row, gridName: null, placeKind: null, placeName: null }, near)).toBe('');
  });

  it('counts how long an open case has run, and nothing once it is closed', () => {
    expect(openMinutes(row, Date.parse('2026-12-03T09:05:30Z'))).toBe(125.5);
    expect(openMinutes(row, Date.parse('2026-12-03T06:59:00Z'))).toBe(0);
    expect(openMinutes({ ...row, status: 'closed' }, Date.parse('2026-12-03T09:00:00Z'))).toBeNull();
  });
});
