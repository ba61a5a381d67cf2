import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader, screenshotPath } from './support/session.js';
import { noisyPng } from './support/images.js';

describe('placeholders in the gallery', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
    await ui.signIn();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('draws the asset\'s ThumbHash while its thumbnail downloads, then the thumbnail', async () => {
    // Hold every download from the store: the thumbnail cannot arrive until released.
    const held: Route[] = [];
    let holding = true;
    await page.route('**/store/**', async (route) => {
      if (holding && route.request().method() === 'GET') held.push(route);
      else await route.continue();
    });
    await ui.choose([{ name: 'dusk.png', mimeType: 'image/png', buffer: noisyPng(320, 240, 41) }]);
    const card = ui.card('dusk.png');
    await card.locator('.badge[data-state="READY"]').waitFor({ timeout: 90_000 });

    const placeholder = card.locator('img.placeholder');
    await placeholder.waitFor({ timeout: 30_000 });
    expect(await placeholder.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // Chromium decoded it: a 4:3 image comes out 32 pixels wide (the format's aspect steps make it 32×23).
    await expect.poll(() => placeholder.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(32);
    expect(await placeholder.evaluate((i: HTMLImageElement) => i.naturalHeight)).toBe(23);
    expect(await card.locator('img:not(.placeholder)').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('gallery-placeholder.png') });

    holding = false;
    for (const route of held.splice(0)) await route.continue();
    await ui.waitReadyWithThumbnail('dusk.png');
    expect(await card.locator('img.placeholder').count()).toBe(0);
    expect(await card.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await page.unroute('**/store/**');
  });
});
