import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { UploaderPage } from './support/uploader-page.js';
import { freePort, startServer, type RunningServer } from './support/server.js';
import { startS3, type S3Store } from './support/s3.js';
import { noisyPng, pngOfAtLeast } from './support/images.js';

describe('the page with S3 storage', () => {
  let s3: S3Store | undefined;
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let ui: UploaderPage;

  beforeAll(async () => {
    const port = await freePort();
    s3 = await startS3(`http://localhost:${port}`);
    server = await startServer({ port, settings: s3.settings });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    ui = new UploaderPage(page, server.url, server.user, browser.files);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await s3?.close();
  });

  test('uploads straight to the bucket, in one PUT and in parts, with the bucket CORS of docs/s3.md', async () => {
    const puts: string[] = [];
    page.on('requestfinished', (r) => {
      if (r.method() === 'PUT' && r.url().startsWith(s3!.endpoint)) puts.push(r.url());
    });
    await ui.signIn();
    await ui.choose([
      { name: 'to-s3.png', mimeType: 'image/png', buffer: noisyPng(320, 240, 91) },
      { name: 'to-s3-in-parts.png', mimeType: 'image/png', buffer: pngOfAtLeast(6 * 1024 * 1024, 92) },
    ]);
    await ui.waitReadyWithThumbnail('to-s3.png');
    await ui.waitReadyWithThumbnail('to-s3-in-parts.png');
    // One PUT for the small file, two parts for the other: all to the bucket, none through the server.
    expect(puts.length).toBe(3);
    expect(puts.filter((u) => /[?&]partNumber=/.test(u)).length).toBe(2);
  });
});
