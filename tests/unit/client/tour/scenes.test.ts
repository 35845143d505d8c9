import { describe, expect, it } from 'vitest';
import { sceneLayout } from '../../../../client/tour/scenes.ts';
import { SCENES } from '../../../../server/tours/tours-contract.ts';

describe('scene layouts', () => {
  it('gives every scene the wall knows a layout of its own views', () => {
    const layouts = SCENES.map((scene) =>
      sceneLayout(scene === 'closeup' ? { scene, seconds: 30, cell: '370000001001' } : { scene, seconds: 30 }),
    );
    expect(layouts.map((l) => l.scope.kind)).toEqual(['area', 'finest', 'area', 'area', 'cell']);
    expect(layouts.find((l) => l.mapMode === 'heat')).toBeDefined();
    expect(layouts.find((l) => l.peopleMode !== 'off')?.panel).toBe('keyGroups');
    // No two scenes are the same picture.
    expect(new Set(layouts.map((l) => JSON.stringify(l))).size).toBe(SCENES.length);
  });

  it('shows the close-up’s cell, and the panel a step names instead of the scene’s', () => {
    expect(sceneLayout({ scene: 'closeup', seconds: 30, cell: '370000001001' }).scope).toEqual({ kind: 'cell', code: '370000001001' });
    expect(sceneLayout({ scene: 'overview', seconds: 30, panel: 'visits' }).panel).toBe('visits');
    expect(sceneLayout({ scene: 'overview', seconds: 30 }).panel).toBe('workload');
  });
});
