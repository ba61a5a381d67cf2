import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { TestBrowser } from './support/browser.js';
import { openUploader } from './support/session.js';
import { UploaderPage } from './support/uploader-page.js';
import { hostPageElsewhere } from './support/static-site.js';
import { freePort } from './support/server.js';
import { noisyPng, pngOfAtLeast } from './support/images.js';

describe('the page hosted on another origin', () => {
  const browsers: TestBrowser[] = [];
  const sites: { close(): Promise<void> }[] = [];

  afterAll(async () => {
    for (const b of browsers) await b.close();
    for (const s of sites) await s.close();
  });

  test('signs in and uploads to the local store from an allowed origin', async () => {
    const site = await hostPageElsewhere(inject('otherOriginPort'), inject('server'));
    sites.push(site);
    const { browser, page, ui } = await openUploader();
    browsers.push(browser);
    const hosted = new UploaderPage(page, site.url, ui.user, browser.files);
    await hosted.open();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await hosted.fillLoginForm();
    await page.waitForURL((url) => url.origin === site.url && url.pathname === '/app/' && !url.search, { timeout: 30_000 });
    await page.locator('#sign-out').waitFor();

    await hosted.choose([
      { name: 'from-elsewhere.png', mimeType: 'image/png', buffer: noisyPng(300, 200, 61) },
      { name: 'from-elsewhere-in-parts.png', mimeType: 'image/png', buffer: pngOfAtLeast(6 * 1024 * 1024, 62) },
    ]);
    await hosted.waitReadyWithThumbnail('from-elsewhere.png');
    await hosted.waitReadyWithThumbnail('from-elsewhere-in-parts.png');
  });

  test('a stranger origin is refused: the page cannot even read the server\'s settings', async () => {
    const site = await hostPageElsewhere(await freePort(), inject('server'));
    sites.push(site);
    const { browser, page } = await openUploader();
    browsers.push(browser);
    const refused: string[] = [];
    page.on('console', (m) => refused.push(m.text()));
    await page.goto(`${site.url}/app/`);
    await page.locator('#connection', { hasText: 'could not start' }).waitFor({ timeout: 30_000 });
    expect(refused.join('\n')).toMatch(/CORS/);
  });
});
