import type { TestProject } from 'vitest/node';
import { freePort, startServer, type RunningServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    server: string;
    username: string;
    password: string;
    /** A port free for a copy of the page on another origin, which the server allows. */
    otherOriginPort: number;
  }
}

let server: RunningServer | undefined;

/**
 * One server for every browser test: starting the jar takes a while on two cores. It allows
 * one more origin (a copy of the page hosted elsewhere) for CORS, and registers that copy's
 * address as a redirect URI next to its own pages.
 */
export async function setup(project: TestProject): Promise<void> {
  // While writing tests: a server already running with the settings below (see README).
  if (process.env.ASSETGATE_TEST_SERVER) {
    project.provide('server', process.env.ASSETGATE_TEST_SERVER);
    project.provide('username', 'web-tester');
    project.provide('password', 'a long test password');
    project.provide('otherOriginPort', Number(process.env.ASSETGATE_TEST_OTHER_PORT ?? 0));
    return;
  }
  const otherOriginPort = await freePort();
  const other = `http://localhost:${otherOriginPort}`;
  const port = await freePort();
  const own = `http://localhost:${port}`;
  server = await startServer({
    port,
    settings: {
      'assetgate.cors.allowed-origins': `${own},${other}`,
      'assetgate.idp.redirect-uris': `${own}/app/,${own}/app/uppy.html,${other}/app/`,
      'assetgate.upload.max-size': '25MB',
    },
  });
  project.provide('server', server.url);
  project.provide('username', server.user.username);
  project.provide('password', server.user.password);
  project.provide('otherOriginPort', otherOriginPort);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
