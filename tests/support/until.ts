/**
 * Waits until `check` holds, looking every 25 ms, and fails naming `what` after `ms`. For waits
 * on things another process or the network does (a push, a restart), which have no event to await.
 */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
