import type { z } from 'zod';
import type { Viewer } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import type { PlaybackIncident, PlaybackWindow, playbackSchema } from './playback-contract.ts';
import * as sql from './playback-sql.ts';
import { readStats } from './stats-service.ts';

type PlaybackRow = Omit<PlaybackIncident, 'createdAt'> & { createdAt: Date | string };

/** Every incident of the viewer's area alive during the window, with the statuses it took, for the wall to replay. */
export async function playbackWindow(db: Db, viewer: Viewer, q: z.infer<typeof playbackSchema>): Promise<PlaybackWindow> {
  const params = [viewer.areaPath, q.from, q.to];
  const [rows, changes] = await Promise.all([
    readStats(db, (tx) => tx.query<PlaybackRow>(sql.PLAYBACK_INCIDENTS, params)),
    db.query<{ at: string }>(sql.BOUNDARY_CHANGES, params),
  ]);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    incidents: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
    boundaryChanges: changes.map((c) => c.at),
  };
}
