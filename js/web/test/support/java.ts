import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The java that runs the server jar (Java 25+): `ASSETGATE_JAVA`, else `JAVA_HOME` when it is
 * 25 or later, else the first JDK under /usr/lib/jvm that is.
 */
export function findJava(): string {
  if (process.env.ASSETGATE_JAVA) return process.env.ASSETGATE_JAVA;
  const home = process.env.JAVA_HOME;
  if (home && majorVersion(home) >= 25) return join(home, 'bin', 'java');
  const root = '/usr/lib/jvm';
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort().reverse()) {
      if (majorVersion(join(root, name)) >= 25) return join(root, name, 'bin', 'java');
    }
  }
  throw new Error('No Java 25 found: set ASSETGATE_JAVA to a java 25+ binary, or JAVA_HOME to a JDK 25+.');
}

function majorVersion(home: string): number {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const version = /JAVA_VERSION="?(\d+)/.exec(release)?.[1];
    return version ? Number(version) : 0;
  } catch {
    return 0;
  }
}
