/**
 * A real S3 implementation for tests: S3Proxy (the jar the Maven build fetches from Maven
 * Central) as a child process on a free port, with its filesystem backend in a temp dir and
 * AWS v4 authentication, as the server's Java tests run it.
 *
 * The jar: `ASSETGATE_S3PROXY_JAR`, else `server/target/s3proxy/s3proxy.jar` (copied there by
 * `./mvnw -pl server test-compile` and later phases), else the newest
 * `org/gaul/s3proxy/<v>/s3proxy-<v>-jar-with-dependencies.jar` in the local Maven repository.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { findJava } from './java.js';
import { freePort, kill, launch, waitFor } from './processes.js';

export const S3_ACCESS_KEY = 'assetgate-test-key';
export const S3_SECRET_KEY = 'assetgate-test-secret-0123456789';

export function s3ProxyJar(): string {
  const candidates = [process.env.ASSETGATE_S3PROXY_JAR, fileURLToPath(new URL('../../../../server/target/s3proxy/s3proxy.jar', import.meta.url))];
  const repo = join(process.env.MAVEN_REPO ?? join(homedir(), '.m2', 'repository'), 'org', 'gaul', 's3proxy');
  if (existsSync(repo)) {
    for (const version of readdirSync(repo).sort().reverse()) candidates.push(join(repo, version, `s3proxy-${version}-jar-with-dependencies.jar`));
  }
  const jar = candidates.find((c) => c && existsSync(c));
  if (!jar) throw new Error('No S3Proxy jar: set ASSETGATE_S3PROXY_JAR, or run ./mvnw -pl server test-compile (it copies it to server/target/s3proxy/)');
  return jar;
}

export interface S3Proxy {
  readonly endpoint: string;
  /** The directory holding one directory per bucket. */
  readonly dataDir: string;
  /** Creates an empty bucket and answers its name. */
  newBucket(): string;
  /** The server settings for a store in `bucket`. */
  settings(bucket: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Proxy(): Promise<S3Proxy> {
  const home = mkdtempSync(join(tmpdir(), 'assetgate-s3proxy-'));
  const dataDir = join(home, 'data');
  mkdirSync(dataDir);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const config = join(home, 's3proxy.conf');
  writeFileSync(config, [
    `s3proxy.endpoint=${endpoint}`,
    's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${S3_ACCESS_KEY}`,
    `s3proxy.credential=${S3_SECRET_KEY}`,
    'jclouds.provider=filesystem-nio2',
    `jclouds.filesystem.basedir=${dataDir}`,
  ].join('\n'));
  const child = launch(findJava(), ['-Xmx512m', '-jar', s3ProxyJar(), '--properties', config], join(home, 's3proxy.log'));
  await waitFor('S3Proxy', () => new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  }), 120_000, () => (child.exitCode !== null ? 'exited' : undefined));
  return {
    endpoint,
    dataDir,
    newBucket() {
      const name = `assetgate-${randomUUID().slice(0, 8)}`;
      mkdirSync(join(dataDir, name)); // the filesystem backend keeps each bucket as a directory
      return name;
    },
    settings: (bucket) => ({
      'assetgate.storage.type': 's3',
      'assetgate.storage.s3.bucket': bucket,
      'assetgate.storage.s3.endpoint': endpoint,
      'assetgate.storage.s3.region': 'us-east-1',
      'assetgate.storage.s3.path-style': 'true',
      'assetgate.storage.s3.access-key': S3_ACCESS_KEY,
      'assetgate.storage.s3.secret-key': S3_SECRET_KEY,
      // S3Proxy knows neither SSE headers nor x-amz-checksum-* (it answers 501).
      'assetgate.storage.s3.sse': 'none',
      'assetgate.storage.s3.checksum-headers': 'false',
    }),
    close: async () => {
      await kill(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
