import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findJava } from './java.js';
import { freePort } from './server.js';

/**
 * S3Proxy, a real S3 implementation, with one bucket and the bucket CORS rules docs/s3.md
 * gives (PUT from the page's origin, the ETag exposed), for the page against S3 storage.
 */
export interface S3Store {
  readonly endpoint: string;
  /** The server settings for this bucket. */
  readonly settings: Record<string, string>;
  close(): Promise<void>;
}

const ACCESS_KEY = 'web-test-access';
const SECRET_KEY = 'web-test-secret-key-0123456789';

function s3ProxyJar(): string {
  const candidates = [process.env.ASSETGATE_S3PROXY_JAR, resolve(import.meta.dirname, '../../../../server/target/s3proxy/s3proxy.jar')];
  const repo = join(homedir(), '.m2', 'repository', 'org', 'gaul', 's3proxy');
  if (existsSync(repo)) {
    for (const v of readdirSync(repo).sort().reverse()) candidates.push(join(repo, v, `s3proxy-${v}-jar-with-dependencies.jar`));
  }
  const jar = candidates.find((c) => c && existsSync(c));
  if (!jar) throw new Error('No S3Proxy jar: set ASSETGATE_S3PROXY_JAR, or run ./mvnw -pl server test-compile.');
  return jar;
}

export async function startS3(pageOrigin: string): Promise<S3Store> {
  const home = mkdtempSync(join(tmpdir(), 'assetgate-web-s3-'));
  const bucket = 'assetgate-web';
  mkdirSync(join(home, 'data', bucket), { recursive: true });
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const config = join(home, 's3proxy.conf');
  writeFileSync(config, [
    `s3proxy.endpoint=${endpoint}`,
    's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${ACCESS_KEY}`,
    `s3proxy.credential=${SECRET_KEY}`,
    'jclouds.provider=filesystem-nio2',
    `jclouds.filesystem.basedir=${join(home, 'data')}`,
    // docs/s3.md's bucket CORS: the page's origin only (a pattern), PUT/GET/HEAD, the ETag readable.
    `s3proxy.cors-allow-origins=${pageOrigin.replace(/[.]/g, '\\\\.')}`,
    's3proxy.cors-allow-methods=PUT GET HEAD',
    's3proxy.cors-allow-headers=Content-Type Content-MD5 If-None-Match x-amz-checksum-sha256',
    's3proxy.cors-exposed-headers=ETag',
  ].join('\n'));
  const log = createWriteStream(join(home, 's3proxy.log'));
  const child: ChildProcess = spawn(findJava(), ['-Xmx384m', '-jar', s3ProxyJar(), '--properties', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const close = async () => {
    if (child.exitCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGKILL');
      });
    }
    rmSync(home, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error('S3Proxy did not start');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    endpoint,
    settings: {
      'assetgate.storage.type': 's3',
      'assetgate.storage.s3.bucket': bucket,
      'assetgate.storage.s3.endpoint': endpoint,
      'assetgate.storage.s3.region': 'us-east-1',
      'assetgate.storage.s3.path-style': 'true',
      'assetgate.storage.s3.access-key': ACCESS_KEY,
      'assetgate.storage.s3.secret-key': SECRET_KEY,
      // S3Proxy knows neither SSE headers nor x-amz-checksum-* (it answers 501).
      'assetgate.storage.s3.sse': 'none',
      'assetgate.storage.s3.checksum-headers': 'false',
    },
    close,
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });
}
