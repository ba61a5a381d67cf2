import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FileChooser, Page } from 'playwright-core';
import type { TestBrowser } from './support/browser.js';
import type { UploaderPage } from './support/uploader-page.js';
import { openUploader } from './support/session.js';
import { noisyPng } from './support/images.js';

/** Presses Tab until the focused element has this accessible text; fails after `max` presses. */
async function tabTo(page: Page, text: string, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === text) return;
  }
  throw new Error(`"${text}" was not reached with Tab`);
}

describe('keyboard only', () => {
  let browser: TestBrowser;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    ({ browser, page, ui } = await openUploader());
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('signs in, chooses a file and uploads it without the mouse, with focus visible', async () => {
    // Listening from the start: Playwright intercepts the file dialog only once a listener is on.
    const choosers: FileChooser[] = [];
    page.on('filechooser', (chooser) => void choosers.push(chooser));
    await ui.open();
    await page.locator('#sign-in').waitFor();
    await tabTo(page, 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.locator('input[name="username"]').focus();
    await page.keyboard.type(ui.user.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ui.user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/app/' && !url.search);
    await page.locator('#sign-out').waitFor();

    await tabTo(page, 'Choose files');
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { matches: document.activeElement!.matches(':focus-visible'), width: style.outlineWidth, style: style.outlineStyle };
    });
    expect(outline).toEqual({ matches: true, width: '3px', style: 'solid' });
    await page.keyboard.press('Enter');
    await expect.poll(() => choosers.length).toBe(1);
    await choosers[0]!.setFiles(ui.onDisk([{ name: 'by-keyboard.png', buffer: noisyPng(200, 150, 51) }]));

    await ui.waitReadyWithThumbnail('by-keyboard.png');
    // Every control of the new card is labelled and reachable.
    await tabTo(page, 'Download', 40);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Download /);
  });
});
