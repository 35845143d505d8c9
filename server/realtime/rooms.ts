/** The socket.io rooms: one per grid cell, session and user. */

/** Room of a grid cell; a socket is put in its own area's room and, on request, in rooms below it. */
export const gridRoom = (code: string): string => `grid:${code}`;

/** Room every socket of a session joins, so revoking the session can drop them all. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** Room every socket of a user joins. */
export const userRoom = (userId: number): string => `user:${userId}`;

/** The rooms an outbox row goes to: every cell on the paths of its responsible cell and base grid. */
export function roomsFor(row: { gridPath: string; basePath: string | null }): string[] {
  const codes = new Set([...row.gridPath.split('.'), ...(row.basePath ? row.basePath.split('.') : [])]);
  return [...codes].map(gridRoom);
}
