import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader, screenshotPath } from './support/session.js';
import { noisyPng, pngOfAtLeast } from './support/images.js';

describe('signing in and uploading', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('signs in through the identity provider\'s own login page and comes back signed in', async () => {
    await ui.signIn();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('#signed-out').isHidden()).toBe(true);
    expect(await page.locator('#uploader').isVisible()).toBe(true);
  });

  test('uploads three files, one of them in parts, and shows each READY with its thumbnail', async () => {
    // Hold the big file's last part for a moment, to catch the upload in progress on screen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/store/**', async (route) => {
      if (route.request().method() === 'PUT' && /[?&]part=2(&|$)/.test(route.request().url())) await held;
      await route.continue();
    });
    const big = pngOfAtLeast(6 * 1024 * 1024, 11); // above the 5 MB threshold: two parts
    await ui.choose([
      { name: 'harbour-big.png', mimeType: 'image/png', buffer: big },
      { name: 'meadow.png', mimeType: 'image/png', buffer: noisyPng(640, 480, 12) },
      { name: 'portrait.png', mimeType: 'image/png', buffer: noisyPng(300, 400, 13) },
    ]);
    await page.waitForFunction(() => (document.querySelector<HTMLProgressElement>('#batch-progress')?.value ?? 0) > 0);
    expect(await page.locator('#batch').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('upload-in-progress.png') });
    release();

    for (const name of ['harbour-big.png', 'meadow.png', 'portrait.png']) {
      await ui.waitReadyWithThumbnail(name);
      expect(await ui.row(name).getAttribute('data-state')).toBe('completed');
    }
    await page.unroute('**/store/**');
    // Newest first: the three new files lead the gallery. The queue sends two at once, so the
    // order in which their uploads were created (and hence listed) varies between runs.
    const names = await page.locator('#gallery li .file').allTextContents();
    expect([...names.slice(0, 3)].sort()).toEqual(['harbour-big.png', 'meadow.png', 'portrait.png']);
    await page.screenshot({ path: screenshotPath('gallery.png'), fullPage: true });
  });

  test('downloads a file, and deletes another, from the gallery', async () => {
    const download = page.waitForEvent('download');
    await ui.card('portrait.png').getByRole('button', { name: 'Download portrait.png' }).click();
    expect((await download).suggestedFilename()).toBe('portrait.png');

    await ui.card('meadow.png').getByRole('button', { name: 'Delete meadow.png' }).click();
    await ui.card('meadow.png').waitFor({ state: 'detached' });
    await page.locator('#gallery-status', { hasText: 'meadow.png was deleted.' }).waitFor();
  });

  test('cancels an upload in progress: it leaves the list and the server aborts it', async () => {
    // Its parts never reach the store, so the upload is still going when cancelled.
    const held: Route[] = [];
    await page.route('**/store/**', (route) => void held.push(route));
    const aborted: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'DELETE' && r.url().includes('/v1/uploads/')) aborted.push(r.status());
    });
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/v1/uploads'));
    await ui.choose([{ name: 'cancelled.png', mimeType: 'image/png', buffer: pngOfAtLeast(6 * 1024 * 1024, 14) }]);
    expect((await created).status()).toBe(201);
    await expect.poll(() => held.length).toBeGreaterThan(0);

    await ui.row('cancelled.png').getByRole('button', { name: 'Cancel cancelled.png' }).click();
    await ui.row('cancelled.png').waitFor({ state: 'detached' });
    await expect.poll(() => aborted).toEqual([204]);
    await page.unroute('**/store/**');
    for (const route of held) await route.abort().catch(() => undefined);
  });
});
