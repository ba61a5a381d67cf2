import { defineConfig } from 'vitest/config';

// Browser tests against the real server jar: one server for the run (globalSetup), files one
// after the other (they share two CPU cores with a JVM and a browser), generous timeouts.
export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/failure-report.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
