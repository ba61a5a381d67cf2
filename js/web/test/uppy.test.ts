import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { pngOfAtLeast } from './support/images.js';

describe('the Uppy page', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
    await ui.signIn('/app/uppy.html');
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('uploads a file in parts through Uppy\'s Dashboard and the Assetgate plugin', async () => {
    const parts = new Set<number>();
    page.on('requestfinished', (r) => {
      const part = /\/store\/.*[?&]part=(\d+)/.exec(r.url())?.[1];
      if (r.method() === 'PUT' && part) parts.add(Number(part));
    });
    await page.locator('.uppy-Dashboard-input').first().setInputFiles(ui.onDisk([
      { name: 'through-uppy.png', buffer: pngOfAtLeast(7 * 1024 * 1024, 41) },
    ]));
    await page.locator('.uppy-StatusBar-actionBtn--upload').click();
    const done = page.locator('#uploaded li', { hasText: 'through-uppy.png' });
    await done.waitFor({ timeout: 120_000 });
    expect(await done.getAttribute('data-state')).toMatch(/^(AVAILABLE|READY)$/);
    expect(await done.getAttribute('data-asset-id')).toBeTruthy();
    expect([...parts].sort()).toEqual([1, 2]);
  });
});
