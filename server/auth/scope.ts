import type { Role } from './permissions.ts';

/** Who is asking: a signed-in user or a wall display, with the area they may see. */
export interface Viewer {
  kind: 'user' | 'wall';
  sessionId: string;
  /** The user's id; null for a wall-display session. */
  userId: number | null;
  /** Username, or `wall:<token id>` for a display. */
  name: string;
  displayName: string;
  role: Role;
  /** The cell the viewer may see, with everything under it. */
  areaCode: string;
  /** That cell's path (ancestor codes joined by '.'), for subtree filters in SQL. */
  areaPath: string;
  csrfToken: string;
  mustChangePassword: boolean;
  wallTokenId: number | null;
  /** The member of staff the account belongs to (a 网格员's own account), or null. */
  staffId: number | null;
}

/**
 * The one scope rule: a viewer may see a cell when the cell's path equals the
 * viewer's area path or lies under it. Every repository applies it in SQL as
 * `(path = $area OR path LIKE $area || '.%')`; this is its JS twin for objects
 * already in hand (socket rooms).
 */
export function pathInScope(areaPath: string, targetPath: string): boolean {
  return targetPath === areaPath || targetPath.startsWith(`${areaPath}.`);
}
