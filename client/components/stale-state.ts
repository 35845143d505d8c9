/** Three missed heartbeats (the server sends one every 5 s while live data flows). */
export const STALE_AFTER_MS = 15_000;

/**
 * Whether what the wall shows may be out of date at `now`, and since when: no heartbeat for 15 s,
 * or none yet 15 s after the wall opened. A wall that never heard one says so from its opening.
 */
export function staleSince(lastBeat: number | null, openedAt: number, now: number): number | null {
  const since = lastBeat ?? openedAt;
  return now - since > STALE_AFTER_MS ? since : null;
}
