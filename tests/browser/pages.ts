import type { BrowserContext, Page } from 'playwright-core';
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
