import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { hasChromium } from './chromium.ts';
import { signInAs, startBrowserSuite, watchedPage } from './pages.ts';

const OUTPUT = path.join(PROJECT_ROOT, 'tests/browser/__output__');
const run = hasChromium() || process.env.CI === 'true' ? describe : describe.skip;

run('the leaders’ review, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserSuite());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ranks the month’s cells, sorts them, picks another month and opens a cell’s figures', async () => {
    for (const [w, h] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: w, height: h } });
      const { page, errors } = await watchedPage(context, server.url);
      await signInAs(page, server.url, 'commander');
      await page.click('[data-testid="review-link"]');
      await page.waitForSelector('[data-testid="review-table"] tbody tr');
      // The last whole month, frozen, ranked from 1.
      expect(await page.textContent('[data-testid="review-summary"]')).toContain('冻结');
      const ranks = await page.$$eval('[data-testid="review-table"] tbody tr', (trs) =>
        trs.map((tr) => tr.querySelectorAll('td')[2]!.textContent!.trim()),
      );
      expect(ranks[0]).toBe('1');
      // Sorted by score, highest first.
      await page.click('[data-sort="score"]');
      const scores = await page.$$eval('[data-testid="review-table"] tbody tr', (trs) =>
        trs.map((tr) => Number(tr.querySelectorAll('td')[3]!.textContent!.trim())).filter((x) => !Number.isNaN(x)),
      );
      expect(scores.length).toBeGreaterThan(1);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      // A cell's figures, with its sub-scores.
      await page.click('[data-testid="review-table"] tbody tr:first-child');
      await page.waitForSelector('[data-testid="review-detail"]');
      expect(await page.locator('[data-testid="review-detail"] .sub-bar').count()).toBe(7);
      await page.screenshot({ path: path.join(OUTPUT, `review-${w}x${h}.png`) });
      // The README's picture of the page.
      if (w === 1920) await page.screenshot({ path: path.join(OUTPUT, 'review-1920x1080.jpg'), type: 'jpeg', quality: 80 });
      if (w === 1920) {
        // The notice: as a sheet, and printed to PDF by the browser engine.
        const xlsx = await page.evaluate(async () => {
          const href = document.querySelector<HTMLAnchorElement>('[data-testid="review-xlsx"]')!.href;
          const res = await fetch(href);
          return {
            type: res.headers.get('content-type'),
            disposition: res.headers.get('content-disposition'),
            size: (await res.arrayBuffer()).byteLength,
          };
        });
        expect(xlsx.type).toContain('spreadsheetml');
        expect(decodeURIComponent(xlsx.disposition!)).toContain('考核通报');
        expect(xlsx.size).toBeGreaterThan(2000);
        await page.emulateMedia({ media: 'print' });
        expect(await page.isVisible('[data-testid="notice-title"]')).toBe(true);
        expect(await page.textContent('[data-testid="notice-title"]')).toMatch(/青禾街道 \d{4}年\d{1,2}月 .*考核通报/);
        expect(await page.isVisible('[data-testid="review-print"]')).toBe(false);
        const pdf = await page.pdf({ format: 'A4', landscape: true, path: path.join(OUTPUT, 'review-notice.pdf') });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        await page.screenshot({ path: path.join(OUTPUT, 'review-notice-print.png'), fullPage: true });
        await page.emulateMedia({ media: 'screen' });
        // The coverage gaps, each kind counted; one opened lists its places.
        await page.click('[data-tab="coverage"]');
        await expect.poll(() => page.locator('[data-gap]').count()).toBe(8);
        const some = page.locator('[data-gap]:not(.none) .head').first();
        if ((await some.count()) > 0) {
          await some.click();
          expect(await page.locator('[data-gap] .items li').count()).toBeGreaterThan(0);
        }
        await page.screenshot({ path: path.join(OUTPUT, 'review-coverage-1920x1080.png') });
        await page.click('[data-tab="cells"]');
        await page.waitForSelector('[data-testid="review-table"] tbody tr');
      }
      // Nothing spills sideways (the table scrolls inside its frame).
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      // The running month: live.
      const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
      await page.fill('[data-testid="review-month"]', now);
      await expect.poll(() => page.textContent('[data-testid="review-summary"]')).toContain('实时');
      // The street's communities.
      await page.click('[data-level="community"]');
      await expect.poll(() => page.locator('[data-testid="review-table"] tbody tr').count()).toBe(5);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);
});
