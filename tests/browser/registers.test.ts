import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { makeIdNumber } from '../../geodata/id-number.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, TEST_PASSWORD } from '../support/accounts.ts';
import { hasChromium } from './chromium.ts';
import { clearSpot, signInAs, startBrowserSuite, watchedPage } from './pages.ts';

const OUTPUT = path.join(PROJECT_ROOT, 'tests/browser/__output__');
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

/** Points the map at a place and waits for the layers to settle. */
async function lookAt(page: Page, lon: number, lat: number, zoom: number): Promise<void> {
  await page.evaluate(([x, y, z]) => window.__gridline!.map.jumpTo({ center: [x!, y!], zoom: z! }), [lon, lat, zoom]);
  await page.waitForFunction(() => window.__gridline!.map.loaded());
}
const layerCount = (page: Page, id: string) => page.evaluate((layer) => window.__gridline!.renderedLayerCount(layer), id);

run('people on the map and at work, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let grid: string;
  /** A household of the grid with a care-visit member, and everyone registered in the grid. */
  let home: { lon: number; lat: number; memberId: number };
  let people: { name: string; idNumber: string }[];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
    const { db } = server;
    const [h] = await db.query<{ grid: string; lon: number; lat: number; memberId: number }>(
      `SELECT h.grid_code AS grid, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, m.id AS "memberId"
       FROM key_group_members m JOIN key_group_categories c ON c.code = m.category AND c.kind = 'visit'
       JOIN residents r ON r.id = m.resident_id JOIN households h ON h.id = r.household_id
       WHERE m.until IS NULL ORDER BY h.grid_code, m.id LIMIT 1`,
    );
    grid = h!.grid;
    home = { lon: h!.lon, lat: h!.lat, memberId: h!.memberId };
    people = await db.query(
      `SELECT r.name, r.id_number AS "idNumber" FROM residents r JOIN households x ON x.id = r.household_id WHERE x.grid_code = $1`,
      [grid],
    );
    const [root] = await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    await ensureTestUser(db, 'map-wall', 'wall', root!.code);
    await ensureTestUser(db, 'map-worker', 'worker', grid);
    await ensureTestUser(db, 'map-commander', 'commander', root!.code);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a wall the population layer as figures only: no household points and nothing personal in any response', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors, foreign } = await watchedPage(context, server.url);
    const bodies: string[] = [];
    const asked: string[] = [];
    page.on('request', (req) => asked.push(new URL(req.url()).pathname));
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/'))
        void res.text().then(
          (t) => bodies.push(t),
          () => undefined,
        );
    });
    await signInAs(page, server.url, 'map-wall', TEST_PASSWORD);
    await page.click('[data-registers-mode="counts"]');
    await page.waitForFunction(() => window.__gridline!.renderedLayerCount('registers-choropleth') > 0);
    // A cell clicked with the layer on: its register summary beside the map, counts only.
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    const spot = await clearSpot(page, box.width / 2, box.height / 2);
    await page.mouse.click(box.x + spot.x, box.y + spot.y);
    await page.waitForSelector('[data-testid="register-summary"]');
    await page.screenshot({ path: path.join(OUTPUT, 'registers-wall-counts.png') });
    await page.click('[data-registers-mode="overdue"]');
    await page.waitForFunction(() => window.__gridline!.renderedLayerCount('registers-hexagons') > 0);
    await page.click('[data-tab="keyGroups"]');
    await page.waitForSelector('[data-testid="chart-key-groups"] canvas');
    await page.screenshot({ path: path.join(OUTPUT, 'registers-wall-overdue.png') });

    // Close enough to tell one door from the next: still no households for a wall.
    await lookAt(page, home.lon, home.lat, 17);
    await page.waitForTimeout(1000);
    expect(await layerCount(page, 'registers-points')).toBe(0);
    expect(await page.textContent('[data-testid="registers-legend"]')).toContain('仅可查看汇总数据');
    expect(asked.filter((p) => p.startsWith('/api/registers/points') || p.startsWith('/api/residents'))).toEqual([]);
    const all = bodies.join('\n');
    expect(all).not.toContain('householdId');
    for (const p of people) {
      expect(all).not.toContain(p.idNumber);
      expect(all).not.toContain(`"${p.name}"`);
    }
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a hostile cell name in a chart tooltip as text, never as markup', async () => {
    const hostile = '<img src=x id=pwned onerror="window.__pwned=1">甲';
    const [cell] = await server.db.query<{ code: string; name: string }>(
      "SELECT code, name FROM grids WHERE level = 'community' ORDER BY code LIMIT 1",
    );
    await server.db.query('UPDATE grids SET name = $2 WHERE code = $1', [cell!.code, hostile]);
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      const { page } = await watchedPage(context, server.url);
      await signInAs(page, server.url, 'map-commander', TEST_PASSWORD);
      await page.click('[data-tab="visits"]');
      const chart = page.locator('[data-testid="chart-visit-compliance"]');
      await chart.locator('canvas').waitFor();
      const box = (await chart.boundingBox())!;
      let shown = '';
      for (let y = box.y + 12; y < box.y + box.height - 4 && !shown.includes('甲'); y += 8) {
        await page.mouse.move(box.x + box.width * 0.6, y);
        await page.waitForTimeout(120);
        shown = await chart.evaluate((el) => [...el.querySelectorAll('div')].map((d) => d.textContent ?? '').join('\n'));
      }
      expect(shown).toContain(hostile);
      expect(await page.evaluate(() => document.getElementById('pwned') === null && !('__pwned' in window))).toBe(true);
      await context.close();
    } finally {
      await server.db.query('UPDATE grids SET name = $2 WHERE code = $1', [cell!.code, cell!.name]);
    }
  });

  it('shows an allowed worker the member households of its grid at close zoom, who lives there masked, and records a visit in one tap', async () => {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 900 },
      geolocation: { longitude: home.lon, latitude: home.lat },
      permissions: ['geolocation'],
    });
    const { page, errors } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'map-worker', TEST_PASSWORD);
    const refused: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) refused.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    await page.click('[data-registers-mode="counts"]');
    await lookAt(page, home.lon, home.lat, 17);
    await page.waitForFunction(() => window.__gridline!.renderedLayerCount('registers-points') > 0, null, { timeout: 20_000 });
    await page.screenshot({ path: path.join(OUTPUT, 'registers-worker-points.png') });

    // The household under the cursor: who lives there, masked.
    const at = await page.evaluate(([x, y]) => window.__gridline!.map.project([x!, y!]), [home.lon, home.lat]);
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector('[data-testid="household-panel"] li');
    const listed = await page.textContent('[data-testid="household-panel"]');
    expect(listed).toContain('*');
    for (const p of people) expect(listed).not.toContain(p.idNumber);
    await page.screenshot({ path: path.join(OUTPUT, 'registers-worker-household.png') });
    // One click selects one thing: the household, not the grid under it.
    expect(await page.locator('[data-testid="register-summary"]').count()).toBe(0);
    // A click beside the marks selects the worker's grid with its figures; nothing outside its area was asked for on the way.
    const empty = await page.evaluate(
      ([x0, y0]) => {
        for (let r = 20; r < 200; r += 10)
          for (let a = 0; a < 8; a++) {
            const x = x0! + r * Math.cos((a * Math.PI) / 4);
            const y = y0! + r * Math.sin((a * Math.PI) / 4);
            if (window.__gridline!.markAt(x, y) === null) return { x, y };
          }
        return null;
      },
      [at.x, at.y],
    );
    expect(empty).not.toBeNull();
    await page.mouse.click(box.x + empty!.x, box.y + empty!.y);
    await page.waitForSelector('[data-testid="register-summary"]');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(refused).toEqual([]);

    // The must-visit list and the one tap.
    const visits = async () =>
      (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visits WHERE member_id = $1', [home.memberId]))[0]!.n;
    const before = await visits();
    await page.click('[data-testid="people-link"]');
    const row = `[data-testid="due-visits"] tr[data-member="${home.memberId}"]`;
    await page.waitForSelector(row, { timeout: 20_000 });
    await page.click(`${row} [data-testid="visit-start"]`);
    await page.screenshot({ path: path.join(OUTPUT, 'people-visit-form.png') });
    await page.click('[data-testid="visit-submit"]');
    await page.waitForSelector('[data-testid="due-visits"] .done');
    expect(await visits()).toBe(before + 1);
    const [located] = await server.db.query<{ located: boolean }>(
      'SELECT geom IS NOT NULL AS located FROM visits WHERE member_id = $1 ORDER BY id DESC LIMIT 1',
      [home.memberId],
    );
    expect(located!.located).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'people-visits.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the command centre unmask one person with a reason, and import a register leaving a bad row out', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'map-commander', TEST_PASSWORD);
    await page.goto(`${server.url}/people?grid=${grid}&tab=residents`);
    await page.waitForSelector('[data-testid="residents-list"] tr[data-resident]');
    const first = await page.getAttribute('[data-testid="residents-list"] tr[data-resident]', 'data-resident');
    const [person] = await server.db.query<{ idNumber: string }>('SELECT id_number AS "idNumber" FROM residents WHERE id = $1', [
      Number(first),
    ]);
    expect(await page.textContent('[data-testid="residents-list"]')).not.toContain(person!.idNumber);
    await page.click('[data-testid="unmask-start"]');
    await page.fill('[data-testid="unmask-reason"]', '核实低保申请人身份');
    await page.click('[data-testid="unmask-confirm"]');
    await page.waitForSelector('[data-testid="unmasked"]');
    expect(await page.textContent('[data-testid="unmasked"]')).toContain(person!.idNumber);
    await page.screenshot({ path: path.join(OUTPUT, 'people-residents-unmasked.png') });

    const [building] = await server.db.query<{ name: string }>(
      `WITH unique_names AS (SELECT name FROM buildings GROUP BY name HAVING count(*) = 1)
       SELECT b.name FROM buildings b JOIN unique_names u ON u.name = b.name JOIN blocks k ON k.id = b.block_id
       WHERE k.grid_code = $1 AND b.kind = 'residential' ORDER BY b.id LIMIT 1`,
      [grid],
    );
    const good = makeIdNumber('710000', '1950-02-03', 'F', 900);
    const csv = `\uFEFF户号,姓名,身份证号,出生日期,地址,重点人群\nH1,林淑华,${good},1950-02-03,${building!.name}1单元9801室,独居老人\nH2,错号,110101199001011234,,${building!.name}1单元9802室,\n`;
    await page.click('[data-tab="import"]');
    await page.setInputFiles('[data-testid="import-file"]', { name: '登记表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="import-check"]:not([disabled])');
    await page.click('[data-testid="import-check"]');
    await page.waitForSelector('[data-testid="import-report"]');
    expect(await page.textContent('[data-testid="import-wizard"]')).toContain('校验位');
    expect(await page.isDisabled('[data-testid="import-commit"]')).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'people-import-report.png'), fullPage: true });
    await page.check('[data-testid="import-exclude"]');
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-done"]');
    expect(await server.db.query('SELECT 1 FROM residents WHERE id_number = $1', [good])).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
