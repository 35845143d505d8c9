import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, TEST_PASSWORD } from '../support/accounts.ts';
import { hasChromium } from './chromium.ts';
import { signInAs, startBrowserSuite, watchedPage } from './pages.ts';
import { zipSync } from 'fflate';
import { gdalFiles, hasGdal } from '../support/gdal.ts';

const OUTPUT = path.join(PROJECT_ROOT, 'tests/browser/__output__');
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

/** Opens the editor from the wall and waits for terra-draw to hold the cells. */
async function openEditor(page: Page, area: string): Promise<void> {
  await page.click('[data-testid="editor-link"]');
  await page.waitForFunction(() => window.__gridlineEditor?.ready === true, null, { timeout: 60_000 });
  await page.selectOption('[data-testid="editor-parent"]', area);
  await page.waitForFunction((code) => window.__gridlineEditor!.drawnCodes().some((c) => c.startsWith(code)), area);
}

/** Clicks a point of the editor map given in longitude and latitude. */
async function clickAt(page: Page, lon: number, lat: number): Promise<void> {
  const p = await page.evaluate(([x, y]) => window.__gridlineEditor!.project(x!, y!), [lon, lat]);
  const box = (await page.locator('[data-testid="editor-map"]').boundingBox())!;
  await page.mouse.move(box.x + p.x, box.y + p.y);
  await page.mouse.click(box.x + p.x, box.y + p.y);
}

run('the boundary editor, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let community: string;
  /** The grid to split: the community's most populous, and a line across it at its middle. */
  let grid: { code: string; x0: number; x1: number; y: number; households: number };

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    const [g] = await server.db.query<{ code: string; community: string; x0: number; x1: number; y: number; households: number }>(
      `SELECT g.code, g.parent_code AS community, ST_XMin(g.geom) - 0.0004 AS x0, ST_XMax(g.geom) + 0.0004 AS x1,
         ST_Y(ST_Centroid(g.geom)) AS y, (SELECT count(*)::int FROM households h WHERE h.grid_code = g.code) AS households
       FROM grids g WHERE g.level = 'grid' AND ST_NumGeometries(g.geom) = 1 ORDER BY 6 DESC, g.code LIMIT 1`,
    );
    grid = g!;
    community = g!.community;
    const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    await ensureTestUser(server.db, 'edit-operator', 'operator', root!.code);
    await ensureTestUser(server.db, 'other-operator', 'operator', root!.code);
    await ensureTestUser(server.db, 'edit-wall', 'wall', root!.code);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('splits a grid with a drawn line, shows the impact, publishes, and a second browser’s map shows the new cells', async () => {
    const wallContext = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const wall = await watchedPage(wallContext, server.url);
    await signInAs(wall.page, server.url, 'edit-wall', TEST_PASSWORD);
    const wallCodes = () =>
      wall.page.evaluate(() =>
        [...new Set(window.__gridline!.map.querySourceFeatures('grids-grid').map((f) => String(f.properties.code)))].sort(),
      );
    const before = await wallCodes();
    expect(before).toContain(grid.code);

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const { page, errors, foreign } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'edit-operator', TEST_PASSWORD);
    await openEditor(page, community);
    await page.click(`[data-cell="${grid.code}"]`);
    await expect.poll(() => page.locator('[data-testid="selected-cell"]').textContent()).toContain(grid.code);

    // S: the split tool; a line from outside to outside across the grid, finished with Enter.
    await page.keyboard.press('s');
    await clickAt(page, grid.x0, grid.y);
    await clickAt(page, grid.x1, grid.y);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) => window.__gridlineEditor!.drawnCodes().length > n,
      before.filter((c) => c.startsWith(community)).length,
    );
    const newCode = (await page.evaluate(() => window.__gridlineEditor!.drawnCodes())).find(
      (c) => c.startsWith(community) && !before.includes(c),
    )!;
    expect(newCode).toMatch(new RegExp(`^${community}\\d{3}$`));

    // The draft was saved and checked by PostGIS; the impact names households moving to the new cell.
    await page.waitForSelector('[data-testid="server-ok"]');
    const totals = await page.locator('[data-testid="impact-totals"]').textContent();
    const moved = Number(/(\d+) 户/.exec(totals ?? '')?.[1]);
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(grid.households);
    await expect.poll(() => page.locator(`[data-testid="impact-cells"] tr[data-cell="${newCode}"]`).count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, 'editor-split-impact.png') });

    await page.fill('textarea[name=reason]', '户数增长，按道路拆分');
    await page.click('[data-testid="publish"]');
    await page.waitForSelector('[data-testid="editor-notice"]');
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE grid_code = $1', [newCode]);
    expect(row!.n).toBe(moved);

    // The wall, signed in elsewhere, redraws the cells from the socket event without a reload.
    await wall.page.waitForFunction(
      (code) => window.__gridline!.map.querySourceFeatures('grids-grid').some((f) => f.properties.code === code),
      newCode,
      { timeout: 10_000 },
    );
    expect(await wallCodes()).toEqual([...before, newCode].sort());
    await wall.page.screenshot({ path: path.join(OUTPUT, 'editor-wall-after-publish.png') });
    expect(errors).toEqual([]);
    expect(wall.errors).toEqual([]);
    expect([...foreign, ...wall.foreign]).toEqual([]);
    await context.close();
    await wallContext.close();
  });

  it('shows a vertex dragged out of the community in red while it moves, carries it to the neighbour, and undoes it with Ctrl+Z', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'edit-operator', TEST_PASSWORD);
    await openEditor(page, community);
    // A vertex on the community's edge that two of its grids share.
    const [v] = await server.db.query<{ code: string; x: number; y: number; dx: number; dy: number }>(
      `SELECT a.code, ST_X(d.p) AS x, ST_Y(d.p) AS y, ST_X(d.p) - ST_X(ST_Centroid(c.geom)) AS dx, ST_Y(d.p) - ST_Y(ST_Centroid(c.geom)) AS dy
       FROM grids a JOIN grids c ON c.code = a.parent_code, LATERAL (SELECT (ST_DumpPoints(a.geom)).geom AS p) d
       WHERE c.code = $1 AND ST_DWithin(ST_Boundary(c.geom), d.p, 1e-9)
         AND (SELECT count(*) FROM grids b WHERE b.parent_code = c.code AND ST_DWithin(b.geom, d.p, 1e-9)) = 2
       ORDER BY a.code LIMIT 1`,
      [community],
    );
    await page.click(`[data-cell="${v!.code}"]`);
    const p = await page.evaluate(([x, y]) => window.__gridlineEditor!.project(x!, y!), [v!.x, v!.y]);
    const box = (await page.locator('[data-testid="editor-map"]').boundingBox())!;
    const len = Math.hypot(v!.dx, v!.dy);
    await page.mouse.move(box.x + p.x, box.y + p.y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(box.x + p.x + (i * 2.5 * v!.dx) / len, box.y + p.y - (i * 2.5 * v!.dy) / len);
      await page.waitForTimeout(16);
    }
    await page.waitForFunction(() => window.__gridlineEditor!.problemKinds().includes('outside'));
    await page.mouse.up();
    // Both grids holding the vertex changed, and the draft says so.
    await expect.poll(() => page.locator('.cells button.update').count(), { timeout: 10_000 }).toBe(2);
    await page.waitForSelector('[data-testid="server-problems"] li[data-kind="outside"]');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.cells button.update').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => window.__gridlineEditor!.problemKinds())).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses to publish a draft someone else overtook, with 412, showing their boundary', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const { page } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'edit-operator', TEST_PASSWORD);
    await openEditor(page, community);
    const [cell] = await server.db.query<{ code: string; geometry: unknown }>(
      'SELECT code, ST_AsGeoJSON(geom, 9)::json AS geometry FROM grids WHERE parent_code = $1 AND code <> $2 ORDER BY code LIMIT 1',
      [community, grid.code],
    );
    await page.click(`[data-cell="${cell!.code}"]`);
    await page.fill('input[name=cellName]', '更名后的网格');
    // The rename is in the draft (drawn on the version current now) before anyone else publishes.
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/cells/${cell!.code}`));
    await page.click('form.rename button');
    expect((await saved).status()).toBe(200);

    // Another operator publishes the same cell first, through the API.
    const other = await signIn(server.url, 'other-operator');
    const cs = (await other.request('POST', '/api/boundaries/change-sets', { title: '抢先发布' })).body as { id: number };
    await other.request('PUT', `/api/boundaries/change-sets/${cs.id}/cells/${cell!.code}`, {
      geometry: cell!.geometry,
      name: '他人的名称',
    });
    const ifMatch = ((await other.request('GET', `/api/boundaries/change-sets/${cs.id}`)).body as { ifMatch: string }).ifMatch;
    expect(
      (await other.request('POST', `/api/boundaries/change-sets/${cs.id}/publish`, { reason: '先到' }, { 'If-Match': ifMatch })).status,
    ).toBe(200);

    const refused = page.waitForResponse((r) => r.url().includes('/publish'));
    await page.fill('textarea[name=reason]', '改名');
    await page.click('[data-testid="publish"]');
    expect((await refused).status()).toBe(412);
    await page.waitForSelector('[data-testid="stale"]');
    expect(await page.locator('[data-testid="editor-error"]').textContent()).toContain('已被他人修改');
    expect(await page.locator('[data-testid="stale"]').textContent()).toContain('v2');
    await page.screenshot({ path: path.join(OUTPUT, 'editor-stale-412.png') });
    const [name] = await server.db.query<{ name: string }>('SELECT name FROM grids WHERE code = $1', [cell!.code]);
    expect(name!.name).toBe('他人的名称');
    await context.close();
  });

  (hasGdal() || process.env.CI === 'true' ? it : it.skip)(
    'imports a survey office’s projected Shapefile without a .prj: suggests the zone, and a file that changes nothing drafts nothing',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const { page, errors } = await watchedPage(context, server.url);
      await signInAs(page, server.url, 'edit-operator', TEST_PASSWORD);
      const exported = await page.evaluate(
        (code) => fetch(`/api/boundaries/export?level=grid&parent=${code}`).then((r) => r.text()),
        community,
      );
      const files = gdalFiles({ 'source.geojson': exported }, [
        ['ogr2ogr', '-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4548', '-lco', 'ENCODING=UTF-8', 'grids.shp', 'source.geojson'],
      ]);
      files.delete('grids.prj');
      await openEditor(page, community);
      await page.click('[data-tab="files"]');
      await page.setInputFiles('[data-testid="import-file"]', {
        name: '测绘成果.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from(zipSync(Object.fromEntries(files))),
      });
      await page.waitForSelector('[data-testid="import-preview"]');
      // No .prj: the metres are said to need a projection, and the zone that fits is chosen for the operator.
      expect(await page.inputValue('[data-testid="import-crs"]')).toBe('EPSG:4548');
      await page.screenshot({ path: path.join(OUTPUT, 'editor-import-1920x1080.png') });
      await page.click('[data-testid="import-draft"]');
      await expect.poll(() => page.locator('[data-testid="import-unchanged"]').textContent(), { timeout: 15_000 }).toContain('草稿为空');
      expect(errors).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
