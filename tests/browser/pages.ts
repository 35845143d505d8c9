import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureClientBuilt } from '../../server/cli/client-build.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { resetPostgresDatabase, TEST_DATABASE_URL, testConfig } from '../support/test-server.ts';
import { launchChromium } from './chromium.ts';
import { demoPassword } from '../../server/auth/bootstrap.ts';

/**
 * Warnings a library logs about itself that we cannot act on. deck.gl 9.4's HeatmapLayer hands
 * its weights pass the texture it renders into as a binding the pass's shader does not declare
 * (heatmap-layer.js, `_updateWeightmap`); luma.gl warns once per layer and the heat surface is
 * drawn correctly. Anything else WebGL or luma.gl says fails the test.
 */
const KNOWN_LIBRARY_WARNINGS = [/^luma\.gl: Binding weightsTexture not set: Not found in shader layout\.$/];

/** A page that records requests to other hosts, page errors, CSP violations and WebGL warnings. */
export async function watchedPage(context: BrowserContext, serverUrl: string) {
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  /** WebGL warnings (deck.gl, MapLibre, the GPU driver): a wall left for a month must not log them. */
  const gl: string[] = [];
  const own = new URL(serverUrl).host;
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== own) foreign.push(req.url());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) errors.push(`CSP: ${msg.text()}`);
    const warns = msg.type() === 'warning' || msg.type() === 'error';
    const known = KNOWN_LIBRARY_WARNINGS.some((re) => re.test(msg.text()));
    if (warns && !known && /WebGL|texSubImage|texImage|GL_INVALID|GPU stall|luma/i.test(msg.text())) gl.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, foreign, errors, gl };
}

/** Signs in through the form and waits for the wall's map to settle. */
export async function signInAs(page: Page, url: string, username: string, password = demoPassword(username)): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="login-form"]');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForFunction(() => window.__gridline?.ready === true, null, { timeout: 90_000 });
}

/** A fresh server with the demo district (on an emptied PostGIS test database when one is set) and Chromium. */
export async function startBrowserSuite(): Promise<{ server: RunningServer; browser: Browser }> {
  const config = testConfig();
  await ensureClientBuilt(config.clientDir, () => undefined);
  if (TEST_DATABASE_URL) await resetPostgresDatabase(TEST_DATABASE_URL);
  const server = await startServer(config, () => undefined);
  return { server, browser: await launchChromium() };
}

/**
 * A point of the map near (x0, y0), in map pixels, where a click takes the cell and not a mark:
 * nothing within 10 px of it. Incidents of the seeded history fall anywhere, so a test that means
 * to click a cell must not click blindly at the centre.
 */
export async function clearSpot(page: Page, x0: number, y0: number): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(
    ([cx, cy]) => {
      const clear = (x: number, y: number) =>
        [0, 1, 2, 3, 4, 5, 6, 7].every(
          (a) => window.__gridline!.markAt(x + 10 * Math.cos((a * Math.PI) / 4), y + 10 * Math.sin((a * Math.PI) / 4)) === null,
        ) && window.__gridline!.markAt(x, y) === null;
      for (let r = 0; r < 300; r += 10)
        for (let a = 0; a < (r === 0 ? 1 : 12); a++) {
          const x = cx! + r * Math.cos((a * Math.PI) / 6);
          const y = cy! + r * Math.sin((a * Math.PI) / 6);
          if (clear(x, y)) return { x, y };
        }
      return null;
    },
    [x0, y0],
  );
  if (!spot) throw new Error('no point of the map without a mark near the centre');
  return spot;
}
