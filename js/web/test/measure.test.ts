import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { pngOfAtLeast } from './support/images.js';

/** The README's numbers, measured in the page; written to test-results/numbers.json. */
describe('numbers', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
  });
  afterAll(async () => {
    await browser?.close();
    const dir = resolve(import.meta.dirname, '../test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'numbers.json'), JSON.stringify(numbers, null, 2) + '\n');
    console.log('numbers', numbers);
  });

  test('the page\'s JS and CSS weigh under 60 kB gzipped', async () => {
    const bodies: Buffer[] = [];
    page.on('response', async (response) => {
      if (/\/app\/assets\/.*\.(js|css)$/.test(response.url())) bodies.push(await response.body());
    });
    await ui.open();
    await page.waitForLoadState('networkidle');
    const gzipped = bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    numbers.pageJsCssGzipBytes = gzipped;
    numbers.pageJsCssRawBytes = bodies.reduce((sum, body) => sum + body.length, 0);
    numbers.pageJsCssFiles = bodies.length;
    expect(bodies.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(60 * 1024);
  });

  test('a 20 MB photo goes from chosen to READY', async () => {
    await ui.signIn();
    const photo = pngOfAtLeast(20 * 1024 * 1024, 71);
    const started = Date.now();
    await ui.choose([{ name: 'twenty-megabytes.png', mimeType: 'image/png', buffer: photo }]);
    await ui.row('twenty-megabytes.png').and(page.locator('[data-state="completed"]')).waitFor({ timeout: 180_000 });
    numbers.twentyMbChosenToUploadedMs = Date.now() - started;
    await ui.waitReadyWithThumbnail('twenty-megabytes.png', 180_000);
    numbers.twentyMbChosenToReadyMs = Date.now() - started;
    numbers.twentyMbBytes = photo.length;
  });
});
