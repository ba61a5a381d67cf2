import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { noisyPng } from './support/images.js';

describe('refusals and errors, in plain words', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;
  const creates: string[] = [];

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
    await ui.signIn();
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/uploads')) creates.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a type the server does not allow is refused before upload, with the reason', async () => {
    await ui.choose([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') }]);
    const row = ui.row('notes.txt');
    await row.locator('.error').waitFor();
    expect(await row.getAttribute('data-state')).toBe('refused');
    expect(await row.locator('.error').textContent()).toMatch(/^Not allowed: this server does not accept text\/plain files\. It accepts JPEG, PNG/);
  });

  test('a file over the size limit, dropped on the page, is refused before upload, with the limit', async () => {
    // Made in the page and dropped there: 26 MB against the server's 25 MB.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(26 * 1024 * 1024)], 'huge.png', { type: 'image/png' }));
      document.getElementById('drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    const row = ui.row('huge.png');
    await row.locator('.error').waitFor();
    expect(await row.locator('.error').textContent()).toBe('Too large: 26 MB, and this server accepts files up to 25 MB.');
    expect(creates).toEqual([]);
  });

  test('fits a phone: 360 px wide without sideways scrolling, with the camera offered', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByRole('button', { name: 'Take a photo or video' }).isVisible()).toBe(true);
    expect(await page.locator('#camera-input').evaluate((i: HTMLInputElement) => [i.accept, i.getAttribute('capture')]))
      .toEqual(['image/*,video/*', 'environment']);
  });

  test('a server that is unavailable is said in plain words, and the file goes when it is back', async () => {
    await page.route('**/v1/uploads', (route) => route.request().method() !== 'POST' ? route.continue() : route.fulfill({
      status: 503,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'STORAGE_UNAVAILABLE', detail: 'The storage is unavailable.' }),
    }));
    await ui.choose([{ name: 'while-down.png', mimeType: 'image/png', buffer: noisyPng(120, 90, 101) }]);
    const row = ui.row('while-down.png');
    await row.locator('.error', { hasText: 'The server is unavailable right now. The file will be tried again.' }).waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-state')).toBe('queued');

    await page.unroute('**/v1/uploads');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 90_000 }).toBe('completed');
    expect(await row.locator('.error').isHidden()).toBe(true);
  });
});
