import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Node } from 'constructs';
import { ARTIFACT_PATH, MIGRATION_LAYER_PATH } from './settings';

/** What an operator can set with `cdk synth -c name=value` (docs/serverless.md, "Settings"). */
export interface AssetgateConfig {
  /** Absolute path of the Lambda artifact. */
  readonly artifactPath: string;
  /** Absolute path of the migrate function's layer directory, beside the artifact. */
  readonly migrationLayerPath: string;
  /** True when the artifact is an empty placeholder: the template synthesizes but does not run. */
  readonly placeholderArtifact: boolean;
  /** Browser origins allowed to call the API and to PUT to the bucket (`assetgate.cors.allowed-origins`). */
  readonly allowedOrigins: string[];
  readonly reconcilerRateMinutes: number;
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  readonly natGateways: number;
  readonly databaseInstanceType: string;
  readonly databaseMultiAz: boolean;
  /** Layers for the processing function (vips, ffmpeg), by ARN. */
  readonly processingLayerArns: string[];
  /** Where the ffmpeg layer puts its binary (`/opt/bin/ffmpeg` for most layers); unset: no video posters. */
  readonly ffmpegPath?: string;
  readonly alarmEmail?: string;
}

/** The repository root: this file is deploy/aws/{lib,dist/lib}/config.{ts,js}. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'cdk.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cdk.json not found above ' + __dirname);
    dir = parent;
  }
  return path.resolve(dir, '..', '..');
}

function list(value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (Array.isArray(value)) return value.map(String);
  return String(value).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function bool(value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : value === true || value === 'true';
}

function int(node: Node, name: string, fallback: number): number {
  const value = node.tryGetContext(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`context ${name} must be a whole number, got ${value}`);
  return n;
}

/**
 * Browsers on these origins can call the API and PUT to the bucket, so each one must be an exact
 * https origin (http only for localhost): a wildcard would let any page drive a signed-in user's uploads.
 */
function checkOrigins(origins: string[]): string[] {
  if (origins.length === 0) throw new Error('context allowedOrigins must name at least one origin');
  for (const origin of origins) {
    const ok = /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin) || /^http:\/\/localhost(:\d+)?$/.test(origin);
    if (!ok) throw new Error(`context allowedOrigins: '${origin}' is not an https origin (no path, no wildcard)`);
  }
  return origins;
}

/** The smallest valid zip (an empty archive): enough for the CDK to stage an asset offline. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

/** The migrate function's layer directory for an artifact: beside it, as the serverless build makes it. */
export function migrationLayerBeside(artifactPath: string): string {
  return path.join(path.dirname(artifactPath), path.basename(MIGRATION_LAYER_PATH));
}

function artifact(node: Node): { artifactPath: string; migrationLayerPath: string; placeholderArtifact: boolean } {
  const given = node.tryGetContext('artifact');
  const artifactPath = given ? path.resolve(String(given)) : path.join(repositoryRoot(), ARTIFACT_PATH);
  const migrationLayerPath = migrationLayerBeside(artifactPath);
  if (fs.existsSync(artifactPath) && fs.existsSync(migrationLayerPath)) {
    return { artifactPath, migrationLayerPath, placeholderArtifact: false };
  }
  if (bool(node.tryGetContext('placeholderArtifact'), false)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-placeholder-'));
    const placeholder = path.join(dir, path.basename(ARTIFACT_PATH));
    fs.writeFileSync(placeholder, EMPTY_ZIP);
    return { artifactPath: placeholder, migrationLayerPath: writePlaceholderLayer(placeholder), placeholderArtifact: true };
  }
  const missing = fs.existsSync(artifactPath) ? `The migrate function's layer ${migrationLayerPath}` : `The Lambda artifact ${artifactPath}`;
  throw new Error(
    `${missing} does not exist. Build it (./mvnw -B -q -pl serverless -am -DskipTests package), ` +
      'give another artifact (with its migration-layer directory beside it) with -c artifact=PATH, or synthesize ' +
      'without it with -c placeholderArtifact=true (not deployable).',
  );
}

/** An empty stand-in for the migrate function's layer beside {@code artifactPath}; answers its path. */
export function writePlaceholderLayer(artifactPath: string): string {
  const layer = migrationLayerBeside(artifactPath);
  fs.mkdirSync(path.join(layer, 'java', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(layer, 'java', 'lib', 'PLACEHOLDER'), 'not deployable\n');
  return layer;
}

export function readConfig(node: Node): AssetgateConfig {
  const ffmpegPath = node.tryGetContext('ffmpegPath');
  const alarmEmail = node.tryGetContext('alarmEmail');
  return {
    ...artifact(node),
    allowedOrigins: checkOrigins(list(node.tryGetContext('allowedOrigins'), ['https://app.example.com'])),
    reconcilerRateMinutes: Math.max(1, int(node, 'reconcilerRateMinutes', 5)),
    apiRateLimit: int(node, 'apiRateLimit', 100),
    apiBurstLimit: int(node, 'apiBurstLimit', 200),
    natGateways: int(node, 'natGateways', 0),
    databaseInstanceType: String(node.tryGetContext('databaseInstanceType') ?? 't4g.micro'),
    databaseMultiAz: bool(node.tryGetContext('databaseMultiAz'), false),
    processingLayerArns: list(node.tryGetContext('processingLayerArns'), []),
    ffmpegPath: ffmpegPath ? String(ffmpegPath) : undefined,
    alarmEmail: alarmEmail ? String(alarmEmail) : undefined,
  };
}
