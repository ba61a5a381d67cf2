import { inject } from 'vitest';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.js';
import { UploaderPage } from './uploader-page.js';

/** The pages open now, for {@link ./failure-report.ts} to show when a test fails. */
export const openPages = new Set<Page>();

/** A fresh browser with one page on the shared test server. */
export async function openUploader(options: BrowserContextOptions = {}): Promise<{ browser: TestBrowser; page: Page; ui: UploaderPage }> {
  const browser = await launchBrowser(options);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  // The page's own errors end up in the test output, where a failure is read.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`[page ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  const ui = new UploaderPage(page, inject('server'), { username: inject('username'), password: inject('password') }, browser.files);
  return { browser, page, ui };
}

/** Where the tests leave the screenshots the README shows. */
export function screenshotPath(name: string): string {
  const dir = resolve(import.meta.dirname, '../../../../docs/images');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, name);
}
