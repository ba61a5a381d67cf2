import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createApp, STACK_NAME } from '../lib/app';
import { placeholderArtifact, synth } from './support';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

describe('synthesis', () => {
  test('the app synthesizes a cloud assembly offline, with the artifact staged as the functions\' code', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-cdk-out-'));
    const started = performance.now();
    const { app } = createApp({ outdir, context: { artifact: placeholderArtifact() } });
    const assembly = app.synth();
    const millis = performance.now() - started;
    const stack = assembly.getStackByName(STACK_NAME);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8'));
    assert.ok(Object.keys(template.Resources).length > 50);
    const assets = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.') && f.endsWith('.zip'));
    assert.equal(assets.length, 1, 'one shared artifact for every Java function');
    console.log(`in-process synth: ${Math.round(millis)} ms (first synth of this process: ${Math.round(synth().millis)} ms)`);
  });

  test('`cdk synth` (the CLI, as an operator runs it) works offline with a placeholder artifact', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-cdk-cli-'));
    const cli = path.join(PACKAGE_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'synth', '--quiet', '-c', 'placeholderArtifact=true', '-o', outdir], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.ok(fs.existsSync(path.join(outdir, `${STACK_NAME}.template.json`)));
    console.log(`cdk synth (CLI): ${Math.round(performance.now() - started)} ms`);
  });

  test('without the artifact, synthesis stops and says how to build it or what to pass', () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'assetgate-serverless.zip');
    assert.throws(() => createApp({ context: { artifact: missing } }), /does not exist.*-pl serverless.*placeholderArtifact=true/s);
  });

  test('a wildcard or plain-http CORS origin is refused', () => {
    for (const origin of ['*', 'https://*.example.com', 'http://app.example.com', 'https://app.example.com/path']) {
      assert.throws(
        () => createApp({ context: { artifact: placeholderArtifact(), allowedOrigins: origin } }),
        /allowedOrigins/,
        origin,
      );
    }
  });
});
