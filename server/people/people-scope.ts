import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';

/**
 * Who sees which key-group categories, as the two parameters every people statement takes right
 * after the area: whether the viewer sees every watch-list category (the command centre), and the
 * viewer's own staff id (a worker sees the watch-list people it is responsible for, nobody else's).
 */
export function categoryParams(viewer: Viewer): [boolean, number | null] {
  return [can(viewer.role, 'people:watchlist'), viewer.staffId];
}

/**
 * The SQL twin of categoryParams, for a membership `m` of category `c`: visit categories to every
 * reader of people, watch categories to the command centre ($2) and to the responsible worker ($3).
 */
export const SEES_MEMBER = `(c.kind = 'visit' OR $2::boolean OR m.responsible_staff_id = $3::int)`;
