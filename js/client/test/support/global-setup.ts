/**
 * Starts the server jar shared by the test files (most tests need no settings of their own), and
 * stops it and deletes its data when the run ends, also when tests fail. Files that need other
 * settings (short URL or token lifetimes, S3) start their own with `startServer`.
 */
import type { TestProject } from 'vitest/node';
import { startServer, type TestServer } from './server.js';

/** The shared server's settings: parts of 5 MB from 5 MB on, and a 40 MB maximum for the 413 test. */
export const SHARED_SETTINGS = {
  'assetgate.upload.multipart-threshold': '5MB',
  'assetgate.upload.part-size': '5MB',
  'assetgate.upload.max-size': '40MB',
};

let server: TestServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  // While developing, ASSETGATE_TEST_SERVER_URL can name a server already running with these
  // settings and clients (see server.ts), to spare a start per run.
  const running = process.env.ASSETGATE_TEST_SERVER_URL;
  if (!running) server = await startServer(SHARED_SETTINGS);
  project.provide('serverUrl', running ?? server!.url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
