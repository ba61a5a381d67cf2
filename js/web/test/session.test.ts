import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { noisyPng } from './support/images.js';

describe('an expired session', () => {
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

  test('asks to sign in again, keeps the files chosen meanwhile, and sends them after signing in', async () => {
    // The server refuses this tab's token from now on, and there is nothing to refresh it with.
    await page.evaluate(() => {
      const tokens = JSON.parse(sessionStorage.getItem('assetgate.sign-in.tokens')!);
      sessionStorage.setItem('assetgate.sign-in.tokens', JSON.stringify({ ...tokens, accessToken: 'no-longer-valid', refreshToken: undefined }));
    });
    await page.reload();
    await page.locator('#signed-out-reason', { hasText: 'Your session expired' }).waitFor({ timeout: 30_000 });

    await ui.choose([{ name: 'kept-while-signed-out.png', mimeType: 'image/png', buffer: noisyPng(240, 180, 81) }]);
    const row = ui.row('kept-while-signed-out.png');
    await row.waitFor();
    await page.waitForTimeout(1000);
    expect(await row.getAttribute('data-state')).toBe('queued');

    // The identity provider still knows this browser: signing in is one click, and back.
    await ui.signInFromHere();
    await ui.waitReadyWithThumbnail('kept-while-signed-out.png');
    await expect.poll(() => row.getAttribute('data-state')).toBe('completed');
  });
});
