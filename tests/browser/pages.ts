import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureClientBuilt } from '../../server/cli/client-build.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { resetPostgresDatabase, TEST_DATABASE_URL, testConfig } from '../support/test-server.ts';
import { launchChromium } from './chromium.ts';
import { demoPassword } from '../../server/auth/bootstrap.ts';

/** A page that records requests to other hosts, page errors and CSP violations. */
export async function watchedPage(context: BrowserContext, serverUrl: string) {
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  const own = new URL(serverUrl).host;
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== own) foreign.push(req.url());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) errors.push(`CSP: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, foreign, errors };
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
