/** Finds a Java 25+ runtime for the server jar: ASSETGATE_JAVA, else JAVA_HOME, else /usr/lib/jvm/*. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function majorOf(home: string): number {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const version = /JAVA_VERSION="(\d+)/.exec(release)?.[1];
    return version ? Number(version) : 0;
  } catch {
    return 0;
  }
}

export function findJava(): string {
  if (process.env.ASSETGATE_JAVA) return process.env.ASSETGATE_JAVA;
  const home = process.env.JAVA_HOME;
  if (home && majorOf(home) >= 25) return join(home, 'bin', 'java');
  const jvms = '/usr/lib/jvm';
  if (existsSync(jvms)) {
    for (const name of readdirSync(jvms).sort().reverse()) {
      if (majorOf(join(jvms, name)) >= 25) return join(jvms, name, 'bin', 'java');
    }
  }
  throw new Error('No Java 25+ found: set ASSETGATE_JAVA to a java binary, or JAVA_HOME to a JDK 25');
}
