import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findJava } from './java.js';

/** The real server jar: `ASSETGATE_SERVER_JAR`, else the one the Maven build leaves. */
export function serverJar(): string {
  const jar = process.env.ASSETGATE_SERVER_JAR ?? resolve(import.meta.dirname, '../../../../server/target/assetgate-server.jar');
  if (!existsSync(jar)) throw new Error(`No server jar at ${jar}: build it with ./mvnw -pl server package, or set ASSETGATE_SERVER_JAR.`);
  return jar;
}

export interface TestUser {
  readonly username: string;
  readonly password: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly user: TestUser;
  readonly dataDir: string;
  /** Stops the server and deletes its data dir. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The port; a free one by default. */
  readonly port?: number;
  /** Extra `--name=value` settings. */
  readonly settings?: Record<string, string>;
}

export const USER: TestUser = { username: 'web-tester', password: 'a long test password' };

/**
 * Starts the server jar on a free port with a fresh data dir, the embedded identity provider
 * with one user, and a low multipart threshold (5 MB parts), and waits until it is healthy.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'assetgate-web-test-'));
  const settings: Record<string, string> = {
    'server.port': String(port),
    'assetgate.data-dir': dataDir,
    'assetgate.idp.users[0].username': USER.username,
    'assetgate.idp.users[0].password': USER.password,
    'assetgate.upload.multipart-threshold': '5MB',
    'assetgate.upload.part-size': '5MB',
    'assetgate.upload.max-size': '40MB',
    'logging.structured.format.console': '',
    ...options.settings,
  };
  const args = ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-jar', serverJar(), ...Object.entries(settings).map(([k, v]) => `--${k}=${v}`)];
  const log = createWriteStream(join(dataDir, 'server.log'));
  const child = spawn(findJava(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://localhost:${port}`;
  const stop = async () => {
    await kill(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, dataDir);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, user: USER, dataDir, stop };
}

async function waitHealthy(url: string, child: ChildProcess, dataDir: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}; see ${dataDir}/server.log`);
    try {
      const response = await fetch(`${url}/actuator/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('The server did not become healthy within 3 minutes.');
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}
