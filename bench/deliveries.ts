import type { IncidentEvent } from '../server/realtime/events.ts';

/** Records when each created incident's push reached a socket: incident id → arrival times, across all sockets. */
export function createdArrivals(received: Map<string, number[]>): (e: IncidentEvent) => void {
  return (e) => {
    if (e.topic !== 'incident.created') return;
    const id = String(e.incident.id);
    const list = received.get(id) ?? [];
    list.push(performance.now());
    received.set(id, list);
  };
}

/**
 * Waits (up to `waitMs`) for every created incident to reach every socket, then gives each
 * delivery's latency from its POST being sent (sorted) and how many deliveries never came.
 * `sentAt`: incident id → when its POST was sent; `received`: incident id → arrival times.
 */
export async function tallyDeliveries(
  sentAt: Map<string, number>,
  received: Map<string, number[]>,
  socketCount: number,
  waitMs: number,
): Promise<{ latencies: number[]; missing: number }> {
  const deadline = performance.now() + waitMs;
  const complete = () => [...sentAt.keys()].every((id) => (received.get(id)?.length ?? 0) >= socketCount);
  while (!complete() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const latencies: number[] = [];
  let missing = 0;
  for (const [id, t] of sentAt) {
    const got = received.get(id) ?? [];
    missing += Math.max(0, socketCount - got.length);
    for (const r of got) latencies.push(r - t);
  }
  return { latencies: latencies.sort((a, b) => a - b), missing };
}
