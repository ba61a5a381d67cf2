import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page, Request, Route } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import { openUploader } from './support/session.js';
import { UploaderPage } from './support/uploader-page.js';
import { pngOfAtLeast } from './support/images.js';

/** The part number of a PUT to a signed part URL of the local store, or 0 for anything else. */
function partOf(request: Request): number {
  if (request.method() !== 'PUT' || !request.url().includes('/store/')) return 0;
  return Number(/[?&]part=(\d+)/.exec(request.url())?.[1] ?? 0);
}

describe('a reload in the middle of a multipart upload', () => {
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

  test('resumes where it stopped, without sending the finished parts again', async () => {
    // 16 MB in 5 MB parts: parts 1 to 4. Parts 1 and 2 go through; 3 and 4 are held until the reload.
    const file = pngOfAtLeast(16 * 1024 * 1024, 21);
    const finished: number[] = [];
    const sent: number[] = [];
    page.on('requestfinished', (request) => {
      const part = partOf(request);
      if (part) finished.push(part);
    });
    page.on('request', (request) => {
      const part = partOf(request);
      if (part) sent.push(part);
    });
    // Held requests are never answered; the reload cancels them in the browser. (Letting them
    // go, as unroute would, could store part 4 before the reload.)
    let holding = true;
    const held: Route[] = [];
    await page.route('**/store/**', async (route) => {
      if (holding && partOf(route.request()) >= 3) return void held.push(route);
      await route.continue();
    });
    await ui.choose([{ name: 'resumed-after-reload.png', mimeType: 'image/png', buffer: file }]);
    await expect.poll(() => finished.filter((p) => p <= 2).sort(), { timeout: 120_000 }).toEqual([1, 2]);
    expect(finished).not.toContain(3);
    expect(held.length).toBeGreaterThan(0);

    holding = false;
    const before = sent.length;
    await page.reload();
    for (const route of held) await route.abort().catch(() => undefined);

    await ui.waitReadyWithThumbnail('resumed-after-reload.png', 120_000);
    const afterReload = sent.slice(before);
    expect(afterReload.filter((p) => p <= 2)).toEqual([]);
    expect([...new Set(afterReload)].sort()).toEqual([3, 4]);
    await expect.poll(() => ui.row('resumed-after-reload.png').getAttribute('data-state')).toBe('completed');
    await page.unroute('**/store/**');
  });

  test('a closed tab resumes too: a new tab signs in again and sends only the missing parts', async () => {
    // 11 MB: parts 1 to 3. Part 1 goes through; 2 and 3 are held until the tab is closed.
    const file = pngOfAtLeast(11 * 1024 * 1024, 22);
    const finished: number[] = [];
    const sent: { part: number; tab: Page }[] = [];
    browser.context.on('requestfinished', (request) => {
      const part = partOf(request);
      if (part) finished.push(part);
    });
    browser.context.on('request', (request) => {
      const part = partOf(request);
      if (part) sent.push({ part, tab: request.frame().page() });
    });
    await page.route('**/store/**', async (route) => {
      if (partOf(route.request()) >= 2) return; // never answered: closing the tab cuts it off
      await route.continue();
    });
    await ui.choose([{ name: 'resumed-in-a-new-tab.png', mimeType: 'image/png', buffer: file }]);
    await expect.poll(() => finished, { timeout: 120_000 }).toContain(1);
    await page.close();

    const tab = await browser.context.newPage();
    const again = new UploaderPage(tab, ui.server, ui.user, browser.files);
    await again.signIn();
    await again.waitReadyWithThumbnail('resumed-in-a-new-tab.png', 120_000);
    const fromNewTab = sent.filter((s) => s.tab === tab).map((s) => s.part);
    expect([...new Set(fromNewTab)].sort()).toEqual([2, 3]);
  });
});
