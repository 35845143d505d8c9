/** The roles of the system (labels come from i18n). */
export const ROLES = ['admin', 'commander', 'leader', 'operator', 'worker', 'wall'] as const;
/** A role. */
export type Role = (typeof ROLES)[number];

/** Everything a route or socket event can require. */
export const ACTIONS = [
  'grids:read',
  'basemap:read',
  'people:read',
  'people:unmask',
  'people:watchlist',
  'people:import',
  'people:export',
  'visits:record',
  'incidents:read',
  'incidents:report',
  'incidents:handle',
  'incidents:dispatch',
  'takeovers:command',
  'assessment:read',
  'coverage:read',
  'boundaries:edit',
  'boundaries:history',
  'walltokens:manage',
  'tours:manage',
  'users:manage',
  'audit:read',
  'settings:manage',
] as const;
/** An action. */
export type Action = (typeof ACTIONS)[number];

/**
 * Role → actions, the one place permissions are decided. `wall` is a display:
 * read-only and never personal data; it shows takeovers but only a commander
 * acknowledges them (`takeovers:command`). The admin manages accounts and reads the
 * audit trail but does not dispatch or edit boundaries.
 */
export const PERMISSIONS: Record<Role, readonly Action[]> = {
  admin: ['grids:read', 'basemap:read', 'walltokens:manage', 'tours:manage', 'users:manage', 'audit:read', 'settings:manage'],
  commander: [
    'grids:read',
    'basemap:read',
    'people:read',
    'people:unmask',
    'people:watchlist',
    'people:import',
    'people:export',
    'visits:record',
    'incidents:read',
    'incidents:report',
    'incidents:handle',
    'incidents:dispatch',
    'takeovers:command',
    'assessment:read',
    'coverage:read',
    'boundaries:history',
    'walltokens:manage',
    'tours:manage',
  ],
  leader: [
    'grids:read',
    'basemap:read',
    'people:read',
    'people:import',
    'visits:record',
    'incidents:read',
    'incidents:report',
    'incidents:handle',
    'assessment:read',
    'coverage:read',
    'boundaries:history',
  ],
  operator: ['grids:read', 'basemap:read', 'coverage:read', 'boundaries:edit', 'boundaries:history'],
  worker: ['grids:read', 'basemap:read', 'people:read', 'visits:record', 'incidents:read', 'incidents:report', 'incidents:handle'],
  wall: ['grids:read', 'basemap:read', 'incidents:read'],
};

/** Whether a role may perform an action. */
export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/** Type guard for role names from outside. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
