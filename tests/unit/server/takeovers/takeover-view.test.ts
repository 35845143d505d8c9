import { describe, expect, it } from 'vitest';
import { countdowns, takeoverView, type TakeoverRow } from '../../../../server/takeovers/takeover-view.ts';

const LIMITS = { arrive: 60, inform: 120, transfer: 180 };
const row: TakeoverRow = {
  id: '7',
  version: 1,
  reason: 'red',
  areaCode: '110101001001',
  raisedAt: new Date('2026-12-03T07:00:01Z'),
  incidentId: '42',
  category: 'emergency',
  categoryZh: '突发事件',
  categoryEn: 'Emergency',
  colour: 'red',
  status: 'dispatched',
  lon: 117.1,
  lat: 31.8,
  gridName: '第一网格',
  responsibleName: '第一网格',
  createdAt: new Date('2026-12-03T07:00:00Z'),
  stepDeadline: new Date('2026-12-03T08:00:00Z'),
  onSiteAt: null,
  handler: '张三',
  placeKind: 'road',
  placeName: '清泉路',
  milestones: { inform: '2026-12-03T07:30:00Z' },
  dispatched: [{ at: '2026-12-03T07:01:00Z', to: 'dispatched', actor: '李调度' }],
  nearestStaff: [{ name: '张三', duty: 'full_time', gridName: '第一网格', metres: 0 }],
};

describe('a takeover as the wall sees it', () => {
  it('runs the emergency targets from the report, met by arrival and by the marks', () => {
    expect(countdowns(row, LIMITS)).toEqual([
      { key: 'arrive', due: '2026-12-03T08:00:00.000Z', doneAt: null },
      { key: 'inform', due: '2026-12-03T09:00:00.000Z', doneAt: '2026-12-03T07:30:00.000Z' },
      { key: 'transfer', due: '2026-12-03T10:00:00.000Z', doneAt: null },
    ]);
    expect(countdowns({ ...row, onSiteAt: '2026-12-03T07:45:00Z' }, { arrive: 30, inform: 60, transfer: 90 })[0]).toEqual({
      key: 'arrive',
      due: '2026-12-03T07:30:00.000Z',
      doneAt: '2026-12-03T07:45:00.000Z',
    });
  });

  it('runs the deadline to accept for an escalated case that is not red, and nothing once it is accepted', () => {
    const orange = { ...row, colour: 'orange' as const, reason: 'escalated' as const, status: 'escalated' };
    expect(countdowns(orange, LIMITS)).toEqual([{ key: 'accept', due: '2026-12-03T08:00:00.000Z', doneAt: null }]);
    expect(countdowns({ ...orange, status: 'accepted' }, LIMITS)).toEqual([]);
  });

  it('names people only to viewers who may see them, and says a handler is assigned either way', () => {
    const wall = takeoverView(row, LIMITS, false);
    expect(wall.incident.handler).toEqual({ name: null });
    expect(wall.dispatched[0]!.actor).toBeNull();
    expect(wall.nearestStaff[0]!.name).toBeNull();
    expect(JSON.stringify(wall)).not.toMatch(/张三|李调度/);
    const commander = takeoverView(row, LIMITS, true);
    expect(commander.incident.handler).toEqual({ name: '张三' });
    expect(commander.dispatched[0]!.actor).toBe('李调度');
    expect(commander.incident.place).toEqual({ kind: 'road', name: '清泉路' });
    expect(takeoverView({ ...row, handler: null, placeName: null }, LIMITS, true).incident).toMatchObject({ handler: null, place: null });
  });
});
