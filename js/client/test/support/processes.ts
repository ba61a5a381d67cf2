/** Child processes of the tests: free ports, waiting for them, and killing them at exit whatever happens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync } from 'node:fs';

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
// A test run stopped by a signal (vitest ends its workers with SIGTERM) leaves no server behind.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    children.forEach((c) => c.kill('SIGKILL'));
    process.kill(process.pid, signal);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child whose output goes to `logFile`; it is killed when this process exits. */
export function launch(command: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], env: env ?? process.env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills a child and waits until it is gone. */
export async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await gone;
}

export async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs: number, alive?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = alive?.();
    if (dead) throw new Error(`${what} exited while starting:\n${dead}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}
