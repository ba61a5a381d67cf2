import { afterEach } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPages } from './session.js';

// When a test fails, what the user would have seen: a screenshot of each open page (in
// test-results/) and the text of its upload list and status lines, in the test output.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const dir = resolve(import.meta.dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const page of openPages) {
    const file = resolve(dir, `${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${++n}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    const seen = await page.evaluate(() => ['#connection', '#signed-out-reason', '#queue', '#gallery-status', '#gallery']
      .map((selector) => `${selector}: ${document.querySelector<HTMLElement>(selector)?.innerText ?? '(none)'}`).join('\n'))
      .catch((e: Error) => `(page unreadable: ${e.message})`);
    console.log(`--- ${page.url()} (screenshot ${file})\n${seen}`);
  }
});
