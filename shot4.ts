import { launchChromium } from './tests/browser/chromium.ts';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console', m.text().slice(0, 300));
});
await page.goto('http://127.0.0.1:5180/');
await page.waitForSelector('[data-testid="login-form"]');
await page.screenshot({ path: '/tmp/login.png' });
await page.fill('input[name=username]', 'leader');
await page.fill('input[name=password]', 'gridline-leader');
await page.click('button[type=submit]');
await page.waitForFunction(() => window.__gridline?.ready === true, null, { timeout: 60000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/leader.png' });
await browser.close();
