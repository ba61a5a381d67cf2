import { defineConfig } from 'vitest/config';

/**
 * Two projects: `server` runs the tests against the real server jar (test/server/, one shared
 * server started by global setup, so only a run that includes them starts it); `unit` runs the
 * rest (adapters against stand-ins, jsdom, fake-indexeddb) without any server.
 */
export default defineConfig({
  test: {
    // A 2-core machine, and server tests that share one server: files one at a time.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/server/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 330_000,
          teardownTimeout: 30_000,
        },
      },
    ],
  },
});
