/** The socket.io rooms: one per grid cell, session and user. */

/** Room of a grid cell; a socket is put in its own area's room and, on request, in rooms below it. */
export const gridRoom = (code: string): string => `grid:${code}`;

/** Room every socket of a session joins, so revoking the session can drop them all. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** Room every socket of a user joins. */
export const userRoom = (userId: number): string => `user:${userId}`;

/** Sockets catching up from the database: live pushes skip them until they have caught up (see recent-rows.ts). */
export const REPLAYING_ROOM = 'replaying';

/** Whether an outbox row concerns an area (its path): the replay's rule (SELECT_OUTBOX_FOR_AREA) in memory. */
export function rowInArea(row: { gridPath: string; basePath: string | null }, areaPath: string): boolean {
  const under = (p: string | null) => p !== null && (p === areaPath || p.startsWith(`${areaPath}.`));
  return under(row.gridPath) || under(row.basePath);
}

/** The rooms an outbox row goes to: every cell on the paths of its responsible cell and base grid. */
export function roomsFor(row: { gridPath: string; basePath: string | null }): string[] {
  const codes = new Set([...row.gridPath.split('.'), ...(row.basePath ? row.basePath.split('.') : [])]);
  return [...codes].map(gridRoom);
}
