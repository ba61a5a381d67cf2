import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/**
 * Debian's Chromium (never a downloaded browser), headless, with a fresh profile that is deleted
 * afterwards. The flags keep it from calling home, which this machine's closed network refuses.
 */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** A folder for the files a test chooses, deleted with the profile. */
  readonly files: string;
  close(): Promise<void>;
}

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser(options: BrowserContextOptions = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'assetgate-chromium-'));
  const files = mkdtempSync(join(tmpdir(), 'assetgate-chosen-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1100, height: 800 },
    ...options,
  });
  // A loaded build machine can be slow; no step of these tests should wait for ever either.
  context.setDefaultTimeout(90_000);
  return {
    context,
    files,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
    },
  };
}
