import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { TestUser } from './server.js';

/** What a test does on the uploader page, in the user's terms. */
export class UploaderPage {
  constructor(readonly page: Page, readonly server: string, readonly user: TestUser, private readonly files = tmpdir()) {}

  async open(path = '/app/'): Promise<void> {
    await this.page.goto(this.server + path);
  }

  /**
   * Signs in through the identity provider's own login page, and waits to be back and signed
   * in. A browser the provider already knows comes straight back, without its login page.
   */
  async signIn(path = '/app/'): Promise<void> {
    await this.open(path);
    await this.signInFromHere(path);
  }

  /**
   * Clicks "Sign in" on the page shown (`path`), fills the provider's login page if it asks, and
   * waits to be back and signed in. It waits for the provider's page or the signed-in page, not
   * for a URL: the page's own URL matches before the browser has left it.
   */
  async signInFromHere(path = '/app/'): Promise<void> {
    const signedIn = this.page.locator(path === '/app/' ? '#sign-out' : '.uppy-Dashboard');
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    // Whichever comes first; the other's later timeout is nobody's failure.
    await Promise.race([
      this.page.waitForURL((url) => url.pathname === '/login', { timeout: 60_000 }).catch(() => undefined),
      signedIn.waitFor({ timeout: 60_000 }).catch(() => undefined),
    ]);
    if (new URL(this.page.url()).pathname === '/login') await this.fillLoginForm();
    await this.page.waitForURL((url) => url.pathname === path && !url.search, { timeout: 30_000 });
    // Back at the page, the code is still being exchanged: signed in once it shows so.
    await signedIn.waitFor();
  }

  async fillLoginForm(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
    await this.page.locator('input[name="username"]').fill(this.user.username);
    await this.page.locator('input[name="password"]').fill(this.user.password);
    await this.page.locator('button[type="submit"], input[type="submit"]').first().click();
  }

  /**
   * Chooses files through the page's file input (the picker's own input). They are written to
   * disk first: the browser then reads them itself, as when a person picks them, instead of
   * receiving megabytes through the automation protocol.
   */
  async choose(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.locator('#file-input').setInputFiles(this.onDisk(files));
  }

  /** Writes files to this test's folder and answers their paths. */
  onDisk(files: { name: string; buffer: Buffer }[]): string[] {
    return files.map((file) => {
      const path = join(this.files, file.name);
      writeFileSync(path, file.buffer);
      return path;
    });
  }

  row(filename: string): Locator {
    return this.page.locator('#queue li', { has: this.page.locator('.name', { hasText: filename }) });
  }

  card(filename: string): Locator {
    return this.page.locator('#gallery li', { has: this.page.locator('.file', { hasText: filename }) });
  }

  /** Waits until the gallery shows the file READY with its thumbnail loaded. */
  async waitReadyWithThumbnail(filename: string, timeout = 90_000): Promise<void> {
    const card = this.card(filename);
    await card.locator('.badge[data-state="READY"]').waitFor({ timeout });
    const img = card.locator('img:not(.placeholder)');
    await img.waitFor({ timeout: 30_000 });
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  }
}
