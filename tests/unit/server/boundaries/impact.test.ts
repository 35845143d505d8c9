import { describe, expect, it } from 'vitest';
import { summariseImpact, type Moves } from '../../../../server/boundaries/impact.ts';

const moves = (over: Partial<Moves>): Moves => ({
  households: [],
  incidents: [],
  blocks: [],
  heirs: [],
  people: new Map(),
  assignments: new Map(),
  ...over,
});

describe('summariseImpact', () => {
  it('counts households, residents and members out of one cell and into another, per cell and per pair', () => {
    const impact = summariseImpact(
      moves({
        households: [
          { id: 1, fromCode: 'A', toCode: 'B', lon: 116.00001, lat: 34.00001 },
          { id: 2, fromCode: 'A', toCode: 'B', lon: 116.00002, lat: 34.00002 },
          { id: 3, fromCode: 'A', toCode: null, lon: 116.1, lat: 34.1 },
        ],
        people: new Map([
          [1, { residents: 3, members: 1 }],
          [2, { residents: 2, members: 0 }],
          [3, { residents: 1, members: 1 }],
        ]),
      }),
    );
    expect(impact.totals).toEqual({ households: 3, residents: 6, members: 2, incidents: 0, staffAssignments: 0 });
    expect(impact.cells.find((c) => c.code === 'A')).toMatchObject({ householdsOut: 3, residentsOut: 6, membersOut: 2, householdsIn: 0 });
    expect(impact.cells.find((c) => c.code === 'B')).toMatchObject({ householdsIn: 2, residentsIn: 5, membersIn: 1, householdsOut: 0 });
    expect(impact.flows).toEqual([
      { fromCode: 'A', toCode: 'B', households: 2, residents: 5, members: 1, incidents: 0 },
      { fromCode: 'A', toCode: null, households: 1, residents: 1, members: 1, incidents: 0 },
    ]);
  });

  it('draws households to about 10 m with a count, never one point per household id', () => {
    const impact = summariseImpact(
      moves({
        households: [
          { id: 1, fromCode: 'A', toCode: 'B', lon: 116.00001, lat: 34.00001 },
          { id: 2, fromCode: 'A', toCode: 'B', lon: 116.00002, lat: 34.00002 },
        ],
      }),
    );
    expect(impact.householdPoints).toEqual([{ lon: 116, lat: 34, fromCode: 'A', toCode: 'B', count: 2 }]);
    expect(JSON.stringify(impact)).not.toContain('"id"');
  });

  it('counts open incidents only, and staff of deleted cells as going to the heir', () => {
    const incident = { fromCode: 'A', toCode: 'B', responsibleCode: 'A', colour: 'red', lon: 1, lat: 2 };
    const impact = summariseImpact(
      moves({
        incidents: [
          { ...incident, id: '1', status: 'dispatched' },
          { ...incident, id: '2', status: 'closed' },
        ],
        heirs: [{ code: 'A', heir: 'B' }],
        assignments: new Map([['A', 3]]),
      }),
    );
    expect(impact.totals).toMatchObject({ incidents: 1, staffAssignments: 3 });
    expect(impact.incidentPoints).toEqual([{ lon: 1, lat: 2, fromCode: 'A', toCode: 'B', colour: 'red' }]);
    expect(impact.cells.find((c) => c.code === 'B')).toMatchObject({ incidentsIn: 1, staffIn: 3 });
  });
});
