import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/client-build.ts';
import type { Config } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { resetPostgresDatabase, testConfig, TEST_DATABASE_URL } from '../support/test-server.ts';
import { hasChromium, launchChromium } from './chromium.ts';
import { signInAs } from './pages.ts';

// Under CI a missing browser is a failure, never a silent skip.
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

/**
 * A wall left running across a restore: the restored outbox numbers lie below what the wall has
 * seen, so resuming would skip events. The restore draws a new epoch (as `npm run restore` does),
 * the server comes back on the same port, and the wall reloads instead of resuming. On a database
 * that outlives the server: the embedded one in a folder, or the PostGIS test database.
 */
run('a wall across a database restore', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let config: Config;
  const work = mkdtempSync(path.join(tmpdir(), 'gridline-wall-epoch-'));

  beforeAll(async () => {
    config = testConfig({ dataDir: path.join(work, 'pglite'), seedHistoryDays: 0 });
    await ensureClientBuilt(config.clientDir, () => undefined);
    if (TEST_DATABASE_URL) await resetPostgresDatabase(TEST_DATABASE_URL);
    server = await startServer(config, () => undefined);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signInAs(page, server.url, 'commander');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const restartOnSamePort = async () => {
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startServer({ ...config, port }, () => undefined);
  };
  const live = () => page.waitForSelector('[data-testid="live-status"].on', { timeout: 30_000 });
  const mark = () => page.evaluate(() => ((window as unknown as { marked: boolean }).marked = true));
  const marked = () => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true);

  it('resumes without reloading after a plain restart (same epoch)', async () => {
    await live();
    await mark();
    await restartOnSamePort();
    await page.waitForSelector('[data-testid="live-status"]:not(.on)', { timeout: 10_000 }).catch(() => undefined);
    await live();
    expect(await marked()).toBe(true);
  });

  it('reloads once the server is back with a new epoch', async () => {
    await live();
    await mark();
    // What a restore leaves: a new epoch.
    await server.db.query('UPDATE database_epoch SET epoch = gen_random_uuid()');
    await restartOnSamePort();
    await page.waitForFunction(() => (window as unknown as { marked?: boolean }).marked !== true, null, { timeout: 30_000 });
    expect(await marked()).toBe(false);
  });
});
