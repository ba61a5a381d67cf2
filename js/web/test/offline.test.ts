import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { noisyPng } from './support/images.js';

declare global {
  interface Window {
    shownNotifications: { title: string; body?: string }[];
  }
}

describe('offline', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
    // Every notification the page shows is recorded, and still shown.
    await browser.context.addInitScript(() => {
      const Real = window.Notification;
      window.shownNotifications = [];
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          window.shownNotifications.push({ title, body: options?.body });
        }
      }
      window.Notification = Recording;
    });
    await browser.context.grantPermissions(['notifications'], { origin: ui.server });
    await ui.signIn();
    // The app shell is kept by the service worker once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a file chosen offline waits, goes out when the network is back, and a notification says so', async () => {
    await browser.context.setOffline(true);
    await page.locator('#connection.offline').waitFor();
    await ui.choose([{ name: 'chosen-offline.png', mimeType: 'image/png', buffer: noisyPng(320, 240, 31) }]);
    const row = ui.row('chosen-offline.png');
    await row.locator('.state', { hasText: 'waiting for the network' }).waitFor();
    await page.waitForTimeout(1500);
    expect(await row.getAttribute('data-state')).toBe('queued');

    await browser.context.setOffline(false);
    await page.locator('#queue li[data-state="completed"]', { hasText: 'chosen-offline.png' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => window.shownNotifications), { timeout: 10_000 })
      .toContainEqual({ title: 'Upload complete', body: 'chosen-offline.png was uploaded.' });
    await ui.waitReadyWithThumbnail('chosen-offline.png');
  });

  test('the gallery opens offline with the thumbnails seen before', async () => {
    await browser.context.setOffline(true);
    await page.reload();
    await page.locator('#gallery-status', { hasText: 'Offline' }).waitFor({ timeout: 30_000 });
    const img = ui.card('chosen-offline.png').locator('img:not(.placeholder)');
    await img.waitFor({ timeout: 30_000 });
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await browser.context.setOffline(false);
  });
});
