import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/client-build.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { startServer } from '../../server/main.ts';
import { resetPostgresDatabase, TEST_DATABASE_URL, testConfig } from '../support/test-server.ts';
import { hasChromium, launchChromium } from './chromium.ts';

const OUTPUT = path.join(PROJECT_ROOT, 'tests/browser/__output__');
// Under CI a missing browser is a failure, never a silent skip.
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

run('the wall dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const config = testConfig();
    await ensureClientBuilt(config.clientDir, () => undefined);
    if (TEST_DATABASE_URL) await resetPostgresDatabase(TEST_DATABASE_URL);
    server = await startServer(config, () => undefined);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const own = new URL(server.url).host;
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== own) foreignRequests.push(req.url());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__gridline?.ready === true, null, { timeout: 90_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders grid polygons on the map', async () => {
    const rendered = await page.evaluate(() => window.__gridline!.renderedCellCount());
    expect(rendered).toBeGreaterThan(0);
  });

  it('shows the household total the database holds', async () => {
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households');
    const shown = await page.getAttribute('[data-testid="total-households"] .number', 'data-value');
    expect(Number(shown)).toBe(row!.n);
  });

  it('fits the whole district in view on load', async () => {
    const [row] = await server.db.query<{ minLon: number; minLat: number; maxLon: number; maxLat: number }>(
      'SELECT ST_XMin(bbox) AS "minLon", ST_YMin(bbox) AS "minLat", ST_XMax(bbox) AS "maxLon", ST_YMax(bbox) AS "maxLat" FROM district_meta',
    );
    const view = await page.evaluate(() => window.__gridline!.map.getBounds().toArray());
    expect(view[0][0]).toBeLessThanOrEqual(row!.minLon);
    expect(view[0][1]).toBeLessThanOrEqual(row!.minLat);
    expect(view[1][0]).toBeGreaterThanOrEqual(row!.maxLon);
    expect(view[1][1]).toBeGreaterThanOrEqual(row!.maxLat);
  });

  it('opens a cell’s figures when it is clicked', async () => {
    const [cell] = await server.db.query<{ code: string; name: string; lon: number; lat: number }>(
      "SELECT code, name, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'community' ORDER BY code LIMIT 1",
    );
    const point = await page.evaluate(([lon, lat]) => window.__gridline!.map.project([lon!, lat!]), [cell!.lon, cell!.lat]);
    const canvas = await page.locator('[data-testid="map"] canvas').first().boundingBox();
    await page.mouse.click(canvas!.x + point.x, canvas!.y + point.y);
    await expect.poll(() => page.textContent('[data-testid="detail-name"]'), { timeout: 15_000 }).toBe(cell!.name);
  });

  it('switches levels and language', async () => {
    await page.click('[data-testid="level-switcher"] [data-level="grid"]');
    await page.waitForFunction(() => window.__gridline!.map.getLayoutProperty('grid-fill-grid', 'visibility') === 'visible');
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.textContent('h1')).toContain('Command Center');
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.textContent('h1')).toContain('指挥中心');
    await page.click('[data-testid="level-switcher"] [data-level="community"]');
  });

  it('asks no other host for anything and raises no page errors', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    await page.waitForFunction(() => window.__gridline!.map.loaded());
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard.png') });
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
