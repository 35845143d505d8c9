import { describe, expect, it } from 'vitest';
import { pathInScope } from '../../../../server/auth/scope.ts';

describe('the scope rule', () => {
  it('admits the area and everything under it, nothing beside or above it', () => {
    expect(pathInScope('a.b', 'a.b')).toBe(true);
    expect(pathInScope('a.b', 'a.b.c')).toBe(true);
    expect(pathInScope('a.b', 'a')).toBe(false);
    expect(pathInScope('a.b', 'a.bc')).toBe(false);
    expect(pathInScope('a.b', 'a.c.b')).toBe(false);
  });
});
