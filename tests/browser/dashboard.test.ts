import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../server/auth/bootstrap.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, TEST_PASSWORD } from '../support/accounts.ts';
import { hasChromium } from './chromium.ts';
import { signInAs, startBrowserSuite, watchedPage } from './pages.ts';

const OUTPUT = path.join(PROJECT_ROOT, 'tests/browser/__output__');
// Under CI a missing browser is a failure, never a silent skip.
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

run('the wall dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('as the street’s commander', () => {
    let context: BrowserContext;
    let watched: Awaited<ReturnType<typeof watchedPage>>;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      watched = await watchedPage(context, server.url);
      page = watched.page;
      await signInAs(page, server.url, 'commander');
    });
    afterAll(() => context?.close());

    it('renders grid polygons on the map', async () => {
      expect(await page.evaluate(() => window.__gridline!.renderedCellCount())).toBeGreaterThan(0);
    });

    it('shows the household total the database holds for its area', async () => {
      const [row] = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM households h JOIN grids g ON g.code = h.grid_code
         JOIN grids a ON a.code = (SELECT area_code FROM users WHERE username = 'commander')
         WHERE g.path = a.path OR g.path LIKE a.path || '.%'`,
      );
      const shown = await page.getAttribute('[data-testid="total-households"] .number', 'data-value');
      expect(Number(shown)).toBe(row!.n);
    });

    it('counts every open case of its area and lists them a hundred at a time, more as the list is scrolled', async () => {
      const [row] = await server.db.query<{ open: number; rows: number }>(
        `SELECT count(*) FILTER (WHERE i.status <> 'closed')::int AS open, count(*)::int AS rows
         FROM incidents i JOIN grids r ON r.code = i.responsible_code LEFT JOIN grids g ON g.code = i.grid_code,
           (SELECT path FROM grids WHERE code = (SELECT area_code FROM users WHERE username = 'commander')) a
         WHERE (r.path = a.path OR r.path LIKE a.path || '.%') OR (g.path = a.path OR g.path LIKE a.path || '.%')`,
      );
      await expect.poll(() => page.getAttribute('[data-testid="incidents-count"]', 'data-open').then(Number)).toBe(row!.open);
      const listed = () => page.locator('[data-testid="incidents-panel"] li[data-incident]').count();
      // The wall holds every open case and the newest 300 of the rest; the list shows them all, page by page.
      expect(row!.rows).toBeGreaterThan(100);
      expect(await listed()).toBe(100);
      expect(await page.textContent('[data-testid="incidents-more"]')).toMatch(/100 \//);
      await page.locator('[data-testid="incidents-more"]').scrollIntoViewIfNeeded();
      await expect.poll(listed).toBeGreaterThan(100);
    });

    it('fits its whole area in view on load', async () => {
      const [row] = await server.db.query<{ minLon: number; minLat: number; maxLon: number; maxLat: number }>(
        `SELECT ST_XMin(e) AS "minLon", ST_YMin(e) AS "minLat", ST_XMax(e) AS "maxLon", ST_YMax(e) AS "maxLat"
         FROM (SELECT ST_Extent(geom)::geometry AS e FROM grids WHERE code = (SELECT area_code FROM users WHERE username = 'commander')) x`,
      );
      const view = await page.evaluate(() => window.__gridline!.map.getBounds().toArray());
      expect(view[0][0]).toBeLessThanOrEqual(row!.minLon);
      expect(view[0][1]).toBeLessThanOrEqual(row!.minLat);
      expect(view[1][0]).toBeGreaterThanOrEqual(row!.maxLon);
      expect(view[1][1]).toBeGreaterThanOrEqual(row!.maxLat);
    });

    it('opens a cell’s figures when it is clicked', async () => {
      const [cell] = await server.db.query<{ name: string; lon: number; lat: number }>(
        "SELECT name, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'community' ORDER BY code LIMIT 1",
      );
      const point = await page.evaluate(([lon, lat]) => window.__gridline!.map.project([lon!, lat!]), [cell!.lon, cell!.lat]);
      const canvas = await page.locator('[data-testid="map"] canvas').first().boundingBox();
      await page.mouse.click(canvas!.x + point.x, canvas!.y + point.y);
      await expect.poll(() => page.textContent('[data-testid="detail-name"]'), { timeout: 15_000 }).toBe(cell!.name);
      mkdirSync(OUTPUT, { recursive: true });
      await page.waitForTimeout(1000);
      await page.screenshot({ path: path.join(OUTPUT, 'dashboard.png') });
    });

    it('scopes the totals, the KPIs and the incident list to the cell clicked, with a breadcrumb back up', async () => {
      // The community the last test clicked; its figures, as the database has them.
      const name = (await page.textContent('[data-testid="detail-name"]'))!;
      const [c] = await server.db.query<{ code: string; households: number; open: number; overdue: number; today: number }>(
        `SELECT c.code,
           (SELECT count(*)::int FROM households h JOIN grids g ON g.code = h.grid_code WHERE g.path = c.path OR g.path LIKE c.path || '.%') AS households,
           count(i.id) FILTER (WHERE i.status <> 'closed')::int AS open,
           count(i.id) FILTER (WHERE i.status <> 'closed' AND (i.overdue OR i.step_deadline < now()))::int AS overdue,
           count(i.id) FILTER (WHERE i.created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')::int AS today
         FROM grids c
         LEFT JOIN grids g ON g.path = c.path OR g.path LIKE c.path || '.%'
         LEFT JOIN incidents i ON coalesce(i.grid_code, i.responsible_code) = g.code
         WHERE c.level = 'community' AND c.name = $1 GROUP BY c.code, c.path`,
        [name],
      );
      const wholeOpen = Number(await page.getAttribute('[data-testid="incidents-count"]', 'data-open').catch(() => 'NaN'));
      await expect.poll(() => page.textContent('[data-testid="scope-crumbs"]'), { timeout: 10_000 }).toMatch(new RegExp(`›\\s*${name}$`));
      await expect.poll(() => page.getAttribute('[data-testid="total-households"] .number', 'data-value')).toBe(String(c!.households));
      await expect.poll(() => page.textContent('[data-testid="kpi-scope"]')).toContain(name);
      await expect.poll(() => page.textContent('[data-testid="kpi-today"] .number'), { timeout: 10_000 }).toBe(String(c!.today));
      expect(await page.textContent('[data-testid="kpi-overdueNow"] .number')).toBe(String(c!.overdue));
      expect(Number(await page.getAttribute('[data-testid="incidents-count"]', 'data-open'))).toBe(c!.open);
      // Every row of the list is the community's own.
      const wheres = await page.locator('[data-testid="incidents-panel"] [data-testid="incident-where"]').allTextContents();
      expect(wheres.length).toBeGreaterThan(0);
      for (const w of wheres) expect(w).toContain(name);

      // 下钻: the grids of the community; picking one scopes to it and stops short of a 30 m scale.
      await page.click('[data-testid="grid-detail"] button.primary');
      await page.waitForFunction(() => window.__gridline!.map.getLayoutProperty('grid-fill-grid', 'visibility') === 'visible');
      await page.click('[data-testid="children-panel"] tbody tr:first-child');
      await expect.poll(() => page.locator('[data-testid="scope-crumbs"] .crumb').count(), { timeout: 10_000 }).toBe(2);
      await page.waitForTimeout(800);
      expect(await page.evaluate(() => window.__gridline!.map.getZoom())).toBeLessThanOrEqual(16.01);
      const gridOpen = Number(await page.getAttribute('[data-testid="incidents-count"]', 'data-open'));
      expect(gridOpen).toBeLessThanOrEqual(c!.open);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-drilled.png') });

      // Back up to the community, then to the whole area: every figure returns.
      await page.click(`[data-testid="scope-crumbs"] .crumb[data-code="${c!.code}"]`);
      await expect.poll(() => page.textContent('[data-testid="detail-name"]')).toBe(name);
      await expect.poll(() => page.getAttribute('[data-testid="incidents-count"]', 'data-open').then(Number)).toBe(c!.open);
      await page.click('[data-testid="scope-crumbs"] .crumb[data-code=""]');
      await page.waitForSelector('[data-testid="scope-crumbs"]', { state: 'detached' });
      await expect.poll(() => page.locator('[data-testid="kpi-scope"]').count()).toBe(0);
      await expect.poll(() => page.getAttribute('[data-testid="incidents-count"]', 'data-open').then(Number)).toBeGreaterThan(c!.open);
      expect(Number.isNaN(wholeOpen) || wholeOpen >= c!.open).toBe(true);
    });

    it('shows a newly posted incident on the map and in the list, live', async () => {
      const [g] = await server.db.query<{ lon: number; lat: number }>(
        // A spot no open case of the generated history shares, so a click on it can only mean this one.
        `SELECT ST_X(g.label_point) AS lon, ST_Y(g.label_point) AS lat FROM grids g WHERE g.level = 'grid'
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.status <> 'closed' AND ST_DWithin(i.geom::geography, g.label_point::geography, 40))
         ORDER BY g.code LIMIT 1`,
      );
      const api = await signIn(server.url, 'commander', demoPassword('commander'));
      const res = await api.request(
        'POST',
        '/api/incidents',
        { location: { lon: g!.lon, lat: g!.lat }, category: 'emergency', channel: 'hotline', description: '浏览器测试：燃气泄漏' },
        { 'Idempotency-Key': 'browser-test-incident-0001' },
      );
      const { id } = res.body as { id: string };
      await page.waitForSelector(`[data-testid="incidents-panel"] li[data-incident="${id}"]`, { timeout: 10_000 });
      // A red case takes the wall over, and the list stays under it.
      await page.waitForSelector('[data-testid="takeover"]', { timeout: 10_000 });
      // The row says where, in words, and for how long it has run.
      const [named] = await server.db.query<{ grid: string; place: string | null }>(
        'SELECT g.name AS grid, i.place_name AS place FROM incidents i JOIN grids g ON g.code = i.grid_code WHERE i.id = $1::bigint',
        [id],
      );
      const where = await page.textContent(`[data-testid="incidents-panel"] li[data-incident="${id}"] [data-testid="incident-where"]`);
      expect(where).toContain(named!.grid);
      if (named!.place) expect(where).toContain(named!.place);
      expect(await page.textContent(`[data-testid="incidents-panel"] li[data-incident="${id}"] time`)).toMatch(/^(刚刚|\d+ 分前)$/);
      await expect.poll(() => page.evaluate(() => window.__gridline!.renderedIncidentIds()), { timeout: 10_000 }).toContain(id);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-incident.png') });

      // The console: accept it, then escalate it with a reason; the marker gains its ring.
      await page.click(`[data-testid="incidents-panel"] li[data-incident="${id}"]`);
      expect(await page.textContent('[data-testid="drawer-category"]')).toBe('突发事件');
      expect(await page.textContent('[data-testid="drawer-where"]')).toContain(named!.grid);
      expect(await page.textContent('[data-testid="incident-drawer"] .chip')).toBe('红色');
      // A site photo, attached from the drawer and shown from the server.
      await page.setInputFiles('[data-testid="incident-photos"] input[type=file]', {
        name: 'site.png',
        mimeType: 'image/png',
        buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
      });
      await expect
        .poll(
          () => page.evaluate(() => document.querySelector<HTMLImageElement>('[data-testid="incident-photos"] img')?.naturalWidth ?? 0),
          {
            timeout: 10_000,
          },
        )
        .toBe(1);
      // The console by keyboard: 1 takes the first action offered (accept).
      await page.click('[data-testid="incident-drawer"] h2');
      await page.keyboard.press('1');
      await page.waitForSelector('[data-testid="incident-drawer"] [data-action="dispatched"]');
      // Dispatch offers the grid's team, with the on-duty handler chosen; the timeline names whom it went to.
      expect(await page.locator('[data-testid="incident-drawer"] select[name=handler] option').count()).toBeGreaterThan(0);
      const chosen = await page.evaluate(
        () => document.querySelector<HTMLSelectElement>('[data-testid="incident-drawer"] select[name=handler]')!.selectedOptions[0]!.text,
      );
      await page.click('[data-testid="incident-drawer"] [data-action="dispatched"]');
      await expect
        .poll(() => page.textContent('[data-testid="incident-drawer"] [data-testid="timeline-handler"]'), { timeout: 10_000 })
        .toBe(`派给 ${chosen.split(' · ')[0]}`);
      // The list narrows by colour and channel and keeps the red hotline case.
      await page.selectOption('[data-testid="incidents-panel"] select[data-filter="colour"]', 'red');
      await page.selectOption('[data-testid="incidents-panel"] select[data-filter="channel"]', 'hotline');
      const listed = await page
        .locator('[data-testid="incidents-panel"] li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-incident')));
      expect(listed).toContain(id);
      const [{ n }] = (await server.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM incidents WHERE colour = 'red' AND channel = 'hotline'",
      )) as [{ n: number }];
      expect(listed.length).toBeLessThanOrEqual(n);
      await page.selectOption('[data-testid="incidents-panel"] select[data-filter="colour"]', '');
      await page.selectOption('[data-testid="incidents-panel"] select[data-filter="channel"]', '');
      expect(await page.evaluate((i) => window.__gridline!.incidentMarker(i)?.ring, id)).toBe(false);
      await page.fill('[data-testid="incident-drawer"] input[name=note]', '需要社区协调');
      await page.click('[data-testid="incident-drawer"] [data-action="escalated"]');
      await expect.poll(() => page.evaluate((i) => window.__gridline!.incidentMarker(i)?.ring, id), { timeout: 10_000 }).toBe(true);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-console.png') });
      await page.click('[data-testid="incident-drawer"] button.link');

      // The commander acknowledges the takeover; the map gives the area back.
      await page.click('[data-testid="takeover-ack"]');
      await page.waitForSelector('[data-testid="takeover"]', { state: 'detached' });
      // One click selects one thing: a click on the marker opens the case and leaves the selected cell alone.
      const selectedName = () => page.evaluate(() => document.querySelector('[data-testid="detail-name"]')?.textContent ?? null);
      const selectedBefore = await selectedName();
      // Close enough that it is a marker of its own, not in a cluster (and back to this view after).
      await page.waitForTimeout(1000);
      const view = await page.evaluate(() => ({
        center: window.__gridline!.map.getCenter().toArray() as [number, number],
        zoom: window.__gridline!.map.getZoom(),
      }));
      // The map may still be flying back from the takeover: jump again until the view holds.
      await expect
        .poll(
          async () => {
            await page.evaluate(([lon, lat]) => window.__gridline!.map.jumpTo({ center: [lon, lat], zoom: 17.5 }), [g!.lon, g!.lat] as [
              number,
              number,
            ]);
            await page.waitForTimeout(700);
            return page.evaluate(() => window.__gridline!.map.getZoom());
          },
          { timeout: 15_000 },
        )
        .toBeCloseTo(17.5, 1);
      const at = await page.evaluate(([lon, lat]) => window.__gridline!.map.project([lon, lat]), [g!.lon, g!.lat] as [number, number]);
      const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
      expect(await page.evaluate(([x, y]) => window.__gridline!.markAt(x, y), [at.x, at.y] as [number, number])).toEqual({
        layer: 'incidents',
        id,
      });
      // On a loaded machine SwiftShader can take seconds a frame: a click that lands before deck.gl
      // has drawn the view jumped to picks nothing (and selects nothing), so it is given again.
      await expect
        .poll(
          async () => {
            if (await page.isVisible('[data-testid="incident-drawer"]')) return true;
            await page.mouse.click(box.x + at.x, box.y + at.y);
            return page.waitForSelector('[data-testid="incident-drawer"]', { timeout: 3_000 }).then(
              () => true,
              () => false,
            );
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(await page.textContent('[data-testid="incident-drawer"] h2')).toContain(`#${id}`);
      expect(await selectedName()).toBe(selectedBefore);
      await page.click('[data-testid="incident-drawer"] button.link');
      await page.evaluate((v) => window.__gridline!.map.jumpTo(v), view);
    });

    it('shows the KPIs PostGIS computes and draws response-time hexagons and the heat surface with a legend in hours and minutes', async () => {
      const [k] = await server.db.query<{ overdue: number }>(
        `SELECT count(*)::int AS overdue FROM incidents i JOIN grids g ON g.code = coalesce(i.grid_code, i.responsible_code)
         JOIN grids a ON a.code = (SELECT area_code FROM users WHERE username = 'commander')
         WHERE (g.path = a.path OR g.path LIKE a.path || '.%') AND i.status <> 'closed' AND (i.overdue OR i.step_deadline < now())`,
      );
      await expect.poll(() => page.textContent('[data-testid="kpi-overdueNow"] .number'), { timeout: 10_000 }).toBe(String(k!.overdue));
      expect(await page.textContent('[data-testid="kpi-closureRate"] .number')).toMatch(/^\d+(\.\d)?%$/);

      await page.click('[data-testid="response-controls"] [data-mode="hexagons"]');
      await page.waitForSelector('[data-testid="response-legend"] [data-testid="legend-range"]');
      await expect.poll(() => page.evaluate(() => window.__gridline!.renderedHexagonCount()), { timeout: 15_000 }).toBeGreaterThan(5);
      const ranges = await page.locator('[data-testid="legend-range"]').allTextContents();
      expect(ranges).toHaveLength(5);
      expect(ranges[0]).toMatch(/^≤ \d+ (分|小时|天)( \d+ (分|小时))?$/);
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-hexagons.png') });

      // Red cases only, report → closed: the layer refetches and the legend follows.
      await page.selectOption('[data-testid="response-colour"]', 'red');
      await page.click('[data-testid="response-controls"] [data-measure="close"]');
      await expect.poll(() => page.textContent('[data-testid="response-legend"] .title')).toContain('上报→办结');

      await page.selectOption('[data-testid="response-colour"]', { index: 0 });
      await page.click('[data-testid="response-controls"] [data-measure="arrive"]');
      await page.click('[data-testid="response-controls"] [data-mode="heat"]');
      await page.waitForSelector('[data-testid="response-legend"] [data-testid="legend-range"]');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-heat.png') });
      await page.click('[data-testid="response-controls"] [data-mode="incidents"]');
      await expect.poll(() => page.locator('[data-testid="response-legend"]').count()).toBe(0);

      // Zoomed out, crowded markers gather into counted clusters.
      await page.evaluate(() => window.__gridline!.map.jumpTo({ zoom: window.__gridline!.map.getZoom() - 2 }));
      await expect.poll(() => page.evaluate(() => window.__gridline!.renderedClusterCount()), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-clusters.png') });
      await page.evaluate(() => window.__gridline!.map.jumpTo({ zoom: window.__gridline!.map.getZoom() + 2 }));
    });

    it('switches levels and language', async () => {
      await page.click('[data-testid="level-switcher"] [data-level="grid"]');
      await page.waitForFunction(() => window.__gridline!.map.getLayoutProperty('grid-fill-grid', 'visibility') === 'visible');
      await page.click('[data-testid="lang-switch"]');
      await expect.poll(() => page.textContent('h1')).toContain('Command Center');
      await page.click('[data-testid="lang-switch"]');
      await expect.poll(() => page.textContent('h1')).toContain('指挥中心');
    });

    it('replays yesterday on the map: a case appears when it was reported, and 返回实时 brings the live map back', async () => {
      // A case reported yesterday (Beijing time) and still open at the day's end.
      const [c] = await server.db.query<{ id: string; lon: number; lat: number; created: string }>(
        `SELECT i.id::text AS id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.created_at AS created FROM incidents i,
           LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 day') AT TIME ZONE 'Asia/Shanghai' AS d) y
         WHERE i.created_at >= y.d + interval '2 hours' AND i.created_at < y.d + interval '22 hours'
           AND (i.closed_at IS NULL OR i.closed_at >= y.d + interval '1 day')
         ORDER BY i.created_at LIMIT 1`,
      );
      expect(c).toBeDefined();
      await page.evaluate(([lon, lat]) => window.__gridline!.map.jumpTo({ center: [lon!, lat!], zoom: 17 }), [c!.lon, c!.lat]);
      await page.waitForTimeout(500);
      const live = await page.evaluate(() => window.__gridline!.renderedIncidentIds().sort());

      await page.click('[data-action="replay"]');
      await page.click('[data-testid="playback-bar"] [data-action="load"]');
      await page.waitForSelector('[data-testid="playback-clock"]', { timeout: 15_000 });
      const scrubTo = (v: number) =>
        page.$eval(
          '[data-field="scrub"]',
          (el, value) => {
            (el as HTMLInputElement).value = String(value);
            el.dispatchEvent(new Event('input', { bubbles: true }));
          },
          v,
        );
      const shown = () => page.evaluate(() => window.__gridline!.renderedIncidentIds());
      await scrubTo(0);
      await expect.poll(shown, { timeout: 10_000 }).not.toContain(c!.id);
      expect(await page.textContent('[data-testid="playback-clock"]')).toMatch(/00:00/);
      await scrubTo(1000);
      await expect.poll(shown, { timeout: 10_000 }).toContain(c!.id);
      expect(await page.textContent('[data-testid="playback-counts"]')).toMatch(/在办 \d+ · 新报 \d+ · 办结 \d+/);
      // Playing moves the clock on.
      const before = await page.textContent('[data-testid="playback-clock"]');
      await scrubTo(500);
      await page.selectOption('[data-field="speed"]', '3600');
      await page.click('[data-testid="playback-bar"] [data-action="toggle"]');
      await expect.poll(() => page.textContent('[data-testid="playback-clock"]'), { timeout: 10_000 }).not.toBe(before);
      await page.screenshot({ path: path.join(OUTPUT, 'wall-playback.png') });

      await page.click('[data-testid="playback-bar"] [data-action="live"]');
      await page.waitForSelector('[data-testid="playback-bar"]', { state: 'detached' });
      await expect.poll(() => page.evaluate(() => window.__gridline!.renderedIncidentIds().sort()), { timeout: 10_000 }).toEqual(live);
    });

    it('asks no other host for anything, breaks no CSP rule, raises no page error and logs no WebGL warning', async () => {
      expect(watched.foreign).toEqual([]);
      expect(watched.errors).toEqual([]);
      expect(watched.gl).toEqual([]);
    });
  });

  it.each([
    ['leader', 'community'],
    ['worker', 'grid'],
    ['wall', 'township'],
    ['operator', 'township'],
  ])('shows %s only its own area', async (username, level) => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors, foreign } = await watchedPage(context, server.url);
    await signInAs(page, server.url, username);
    const [area] = await server.db.query<{ code: string; level: string }>(
      'SELECT g.code, g.level FROM users u JOIN grids g ON g.code = u.area_code WHERE u.username = $1',
      [username],
    );
    expect(area!.level).toBe(level);
    const codes = await page.evaluate(() => {
      const map = window.__gridline!.map;
      const ids = map
        .getStyle()
        .layers.filter((l) => l.id.startsWith('grid-fill-') || l.id.startsWith('grid-line-'))
        .map((l) => l.id);
      return [...new Set(map.queryRenderedFeatures({ layers: ids }).map((f) => String(f.properties.code)))];
    });
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith(area!.code.slice(0, level === 'township' ? 9 : 12)))).toBe(true);
    if (username === 'leader') await page.screenshot({ path: path.join(OUTPUT, `role-${username}.png`) });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an admin manage accounts and read the audit trail', async () => {
    const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    await ensureTestUser(server.db, 'browser-admin', 'admin', root!.code);
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors } = await watchedPage(context, server.url);
    await signInAs(page, server.url, 'browser-admin', TEST_PASSWORD);
    await page.click('[data-testid="admin-link"]');
    await page.waitForSelector('[data-testid="users-panel"] tr[data-username="commander"]');
    await page.click('[data-tab="audit"]');
    await page.waitForSelector('[data-testid="audit-panel"] tbody tr');
    expect(await page.textContent('[data-testid="audit-panel"]')).toContain('auth.login');
    await page.screenshot({ path: path.join(OUTPUT, 'admin-audit.png') });

    // An Open311 key for the demo leader: shown once, and it works at once.
    await page.click('[data-tab="apiKeys"]');
    await page.fill('[data-testid="api-keys-panel"] input', '12345 热线');
    const leaderId = String((await server.db.query<{ id: number }>("SELECT id FROM users WHERE username = 'leader'"))[0]!.id);
    await page.selectOption('[data-testid="api-keys-panel"] select', leaderId);
    await page.click('[data-testid="api-keys-panel"] button[type=submit]');
    const key = (await page.textContent('[data-testid="api-key"]'))!.trim();
    await page.waitForSelector('[data-testid="api-keys-panel"] tbody tr');
    await page.screenshot({ path: path.join(OUTPUT, 'admin-api-keys.png') });
    expect((await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}`)).status).toBe(200);

    // Time limits are a setting: red must now be on site within 45 minutes.
    await page.click('[data-tab="settings"]');
    await page.fill('[data-testid="incident-settings"] input[data-limit="red/arrive"]', '45');
    await page.click('[data-testid="incident-settings"] form button[type=submit]');
    await expect
      .poll(
        async () =>
          (
            await server.db.query<{ m: number }>("SELECT minutes AS m FROM incident_time_limits WHERE colour = 'red' AND step = 'arrive'")
          )[0]!.m,
      )
      .toBe(45);
    await page.screenshot({ path: path.join(OUTPUT, 'admin-settings.png'), fullPage: true });
    await server.db.query("UPDATE incident_time_limits SET minutes = 60 WHERE colour = 'red' AND step = 'arrive'");
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a wall display from a token once, and drops it within seconds when the token is revoked', async () => {
    const commander = await signIn(server.url, 'commander', demoPassword('commander'));
    const [area] = await server.db.query<{ code: string }>("SELECT area_code AS code FROM users WHERE username = 'commander'");
    const { id, token } = (await commander.request('POST', '/api/wall-tokens', { name: '测试大屏', areaCode: area!.code })).body as {
      id: number;
      token: string;
    };
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const { page, errors } = await watchedPage(context, server.url);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}`);
    await page.waitForFunction(() => window.__gridline?.ready === true, null, { timeout: 90_000 });
    expect(page.url()).not.toContain(token);
    expect(await page.textContent('[data-testid="who"]')).toContain('测试大屏');
    expect((await commander.request('DELETE', `/api/wall-tokens/${id}`)).status).toBe(204);
    await page.waitForSelector('[data-testid="wall-error"]', { timeout: 10_000 });
    expect(page.url()).toContain('/wall?dropped=1');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rotates a wall through the tour its commander sets, live; a close-up scopes the wall; a touch pauses it', async () => {
    const commander = await signIn(server.url, 'commander', demoPassword('commander'));
    const [area] = await server.db.query<{ code: string; community: string; name: string }>(
      `SELECT u.area_code AS code, c.code AS community, c.name FROM users u JOIN grids c ON c.parent_code = u.area_code
       WHERE u.username = 'commander' ORDER BY c.code DESC LIMIT 1`,
    );
    const { id, token } = (await commander.request('POST', '/api/wall-tokens', { name: '轮播大屏', areaCode: area!.code })).body as {
      id: number;
      token: string;
    };
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const { page, errors } = await watchedPage(context, server.url);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}`);
    await page.waitForFunction(() => window.__gridline?.ready === true, null, { timeout: 90_000 });
    expect(await page.locator('[data-testid="tour-badge"]').count()).toBe(0);

    // Set while the wall is open: it reaches the wall through the socket, no reload.
    const steps = [
      { scene: 'closeup', seconds: 10, cell: area!.community },
      { scene: 'response', seconds: 10 },
    ];
    expect((await commander.request('PUT', `/api/wall-tokens/${id}/tour`, { steps, version: 0 })).status).toBe(200);
    await page.waitForSelector('[data-testid="tour-badge"][data-step="0"]', { timeout: 10_000 });
    await expect.poll(() => page.textContent('[data-testid="tour-scene"]'), { timeout: 10_000 }).toBe(`近景 · ${area!.name}`);
    await expect.poll(() => page.textContent('[data-testid="kpi-scope"]')).toContain(area!.name);
    expect(await page.textContent('[data-testid="scope-crumbs"]')).toContain(area!.name);
    await page.screenshot({ path: path.join(OUTPUT, 'wall-tour-closeup.png') });

    // Ten seconds on, the second scene: the whole area with the response-time heat surface.
    await page.waitForSelector('[data-testid="tour-badge"][data-step="1"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="tour-scene"]')).toBe('响应时效');
    await page.waitForSelector('[data-testid="response-legend"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="scope-crumbs"]', { state: 'detached' });
    await page.screenshot({ path: path.join(OUTPUT, 'wall-tour-response.png') });

    // Someone uses the wall: the tour holds on this scene past its time.
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.textContent('[data-testid="tour-badge"]')).toContain('轮播暂停');
    await page.waitForTimeout(11_000);
    expect(await page.getAttribute('[data-testid="tour-badge"]', 'data-step')).toBe('1');

    // Stopped: the badge goes, live.
    expect((await commander.request('DELETE', `/api/wall-tokens/${id}/tour`, { version: 1 })).status).toBe(200);
    await page.waitForSelector('[data-testid="tour-badge"]', { state: 'detached', timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
    await commander.request('DELETE', `/api/wall-tokens/${id}`);
  }, 120_000);

  it('sends a visitor without a session to the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="login-form"]');
    expect(page.url()).toContain('/login');
    await context.close();
  });
});
