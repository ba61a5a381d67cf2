import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { createApp } from '../lib/app';
import { writePlaceholderLayer } from '../lib/config';
import type { AssetgateStack } from '../lib/assetgate-stack';
import type { FunctionKind } from '../lib/permissions';

/** The origins the tests configure, so they can tell configured origins from defaults. */
export const TEST_ORIGINS = ['https://photos.example.org', 'https://admin.example.org'];

/** A stand-in for the Java artifact and the migration layer beside it, so the tests do not depend on the serverless build. */
export function placeholderArtifact(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assetgate-cdk-test-'));
  const file = path.join(dir, 'assetgate-serverless.zip');
  fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]));
  writePlaceholderLayer(file);
  return file;
}

let synthesized: { stack: AssetgateStack; template: Template; millis: number } | undefined;

/** The stack, synthesized once for all tests in this process. */
export function synth(): { stack: AssetgateStack; template: Template; millis: number } {
  if (!synthesized) {
    const started = performance.now();
    const { stack } = createApp({
      context: { artifact: placeholderArtifact(), allowedOrigins: TEST_ORIGINS.join(',') },
    });
    const template = Template.fromStack(stack);
    synthesized = { stack, template, millis: performance.now() - started };
  }
  return synthesized;
}

export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

export const FUNCTION_KINDS: FunctionKind[] = [
  'uploadApi',
  'proxiedUpload',
  'readApi',
  'deleteApi',
  'objectCreated',
  'reconciler',
  'migrate',
];

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface Grant {
  /** Logical id of the role the statement is attached to. */
  role: string;
  statement: Statement;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function actionsOf(statement: Statement): string[] {
  return asList(statement.Action);
}

/**
 * Every Allow statement given to any role in the template: inline role policies and
 * AWS::IAM::Policy resources, whoever created them (our functions or CDK's helpers).
 */
export function allGrants(template: Template): Grant[] {
  const grants: Grant[] = [];
  const roles = template.findResources('AWS::IAM::Role');
  for (const [role, resource] of Object.entries(roles)) {
    for (const policy of asList<{ PolicyDocument: { Statement: Statement[] } }>(resource.Properties?.Policies)) {
      for (const statement of policy.PolicyDocument.Statement) grants.push({ role, statement });
    }
  }
  for (const resource of Object.values(template.findResources('AWS::IAM::Policy'))) {
    for (const ref of asList<{ Ref: string }>(resource.Properties.Roles)) {
      for (const statement of asList<Statement>(resource.Properties.PolicyDocument.Statement)) {
        grants.push({ role: ref.Ref, statement });
      }
    }
  }
  return grants.filter((g) => g.statement.Effect === 'Allow');
}

/** The Allow statements of one of our functions' roles. */
export function grantsOf(template: Template, stack: AssetgateStack, kind: FunctionKind): Statement[] {
  const role = logicalId(stack.functions[kind].role);
  return allGrants(template)
    .filter((g) => g.role === role)
    .map((g) => g.statement);
}

/** `{"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, "/assets/*"]]}` -> `<bucket>/assets/*`. */
export function describeResource(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const r = resource as Record<string, unknown>;
  if (r['Fn::GetAtt']) return `<${(r['Fn::GetAtt'] as string[])[0]}>`;
  if (r.Ref) return `<${r.Ref as string}>`;
  if (r['Fn::Join']) {
    const [sep, parts] = r['Fn::Join'] as [string, unknown[]];
    return parts.map(describeResource).join(sep);
  }
  return JSON.stringify(resource);
}
