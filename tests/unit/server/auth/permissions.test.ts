import { describe, expect, it } from 'vitest';
import { ACTIONS, can, isRole, PERMISSIONS, ROLES } from '../../../../server/auth/permissions.ts';

describe('the permission table', () => {
  it('gives every role a list of known actions', () => {
    for (const role of ROLES) for (const action of PERMISSIONS[role]) expect(ACTIONS).toContain(action);
  });

  it('keeps the wall read-only and away from personal data', () => {
    expect(PERMISSIONS.wall).toEqual(['grids:read', 'basemap:read', 'incidents:read']);
    expect(can('wall', 'people:read')).toBe(false);
  });

  it('separates duties: only the admin manages accounts and reads the audit trail; the admin does not dispatch or edit boundaries', () => {
    expect(ROLES.filter((r) => can(r, 'users:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'audit:read'))).toEqual(['admin']);
    expect(can('admin', 'incidents:dispatch')).toBe(false);
    expect(can('admin', 'boundaries:edit')).toBe(false);
    expect(ROLES.filter((r) => can(r, 'boundaries:edit'))).toEqual(['operator']);
    expect(ROLES.filter((r) => can(r, 'walltokens:manage')).sort()).toEqual(['admin', 'commander']);
  });

  it('lets only the command centre unmask a person or see who is on a watch list', () => {
    expect(ROLES.filter((r) => can(r, 'people:unmask'))).toEqual(['commander']);
    expect(ROLES.filter((r) => can(r, 'people:watchlist'))).toEqual(['commander']);
  });

  it('recognises role names only from the list', () => {
    expect(isRole('commander')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
