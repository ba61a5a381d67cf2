import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { JAVA_RUNTIME } from '../lib/java-function';
import { ARTIFACT_PATH, HANDLERS, MIGRATION_LAYER_PATH } from '../lib/settings';
import { FUNCTION_KINDS, logicalId, synth } from './support';

const EXPECTED_HANDLERS = {
  uploadApi: 'io.assetgate.serverless.SignedUploadHandler::handleRequest',
  proxiedUpload: 'io.assetgate.serverless.ProxiedUploadHandler::handleRequest',
  readApi: 'io.assetgate.serverless.ReadHandler::handleRequest',
  deleteApi: 'io.assetgate.serverless.DeleteHandler::handleRequest',
  objectCreated: 'io.assetgate.serverless.ObjectCreatedHandler::handleRequest',
  reconciler: 'io.assetgate.serverless.ReconcilerHandler::handleRequest',
  migrate: 'io.assetgate.serverless.MigrateHandler::handleRequest',
};

/** The repository root, from dist/test. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const JAVA_SOURCES = path.join(ROOT, 'serverless', 'src', 'main', 'java');

describe('the Java functions', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const fnProps = (kind: (typeof FUNCTION_KINDS)[number]) => resources[logicalId(stack.functions[kind].function)].Properties;

  test('run on the newest Java runtime aws-cdk-lib offers', () => {
    const newest = lambda.Runtime.ALL.filter((r) => r.family === lambda.RuntimeFamily.JAVA)
      .map((r) => ({ r, major: Number(/^java(\d+)/.exec(r.name)?.[1] ?? 0) }))
      .sort((a, b) => b.major - a.major)[0].r;
    assert.equal(JAVA_RUNTIME.name, newest.name);
    assert.equal(JAVA_RUNTIME.name, 'java25');
    for (const kind of FUNCTION_KINDS) assert.equal(fnProps(kind).Runtime, 'java25', kind);
  });

  test('run the handler classes of the serverless module', () => {
    for (const kind of FUNCTION_KINDS) assert.equal(fnProps(kind).Handler, EXPECTED_HANDLERS[kind], kind);
  });

  test('name handler classes that exist in the serverless module, with a handleRequest method', () => {
    for (const handler of Object.values(HANDLERS)) {
      const [cls, method] = handler.split('::');
      const source = path.join(JAVA_SOURCES, ...cls.split('.')) + '.java';
      assert.ok(fs.existsSync(source), `${handler}: no ${path.relative(ROOT, source)}`);
      assert.equal(method, 'handleRequest', handler);
    }
  });

  test('deploy the artifact the serverless module builds (its shaded outputFile)', () => {
    const pom = fs.readFileSync(path.join(ROOT, 'serverless', 'pom.xml'), 'utf8');
    const finalName = /<finalName>([^<]+)<\/finalName>/.exec(pom)?.[1];
    const outputFile = /<outputFile>\$\{project\.build\.directory\}\/([^<]+)<\/outputFile>/.exec(pom)?.[1];
    assert.ok(outputFile, 'serverless/pom.xml names no shaded outputFile');
    assert.equal(ARTIFACT_PATH, `serverless/target/${outputFile.replace('${project.build.finalName}', finalName!)}`);
  });

  test('give the migrate function alone the migration layer the serverless module builds beside the artifact', () => {
    const pom = fs.readFileSync(path.join(ROOT, 'serverless', 'pom.xml'), 'utf8');
    const layerDir = /<outputDirectory>\$\{project\.build\.directory\}\/([^<]+)\/java\/lib<\/outputDirectory>/.exec(pom)?.[1];
    assert.equal(MIGRATION_LAYER_PATH, `serverless/target/${layerDir}`, 'serverless/pom.xml builds the layer elsewhere');
    assert.equal(path.dirname(MIGRATION_LAYER_PATH), path.dirname(ARTIFACT_PATH), 'the layer is found beside the artifact');
    const layers = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::LayerVersion');
    assert.equal(layers.length, 1);
    const [layerId] = layers[0];
    for (const [kind, fn] of Object.entries(stack.functions)) {
      const props = resources[logicalId(fn.function)].Properties as { Layers?: unknown[] };
      const hasLayer = JSON.stringify(props.Layers ?? []).includes(layerId);
      assert.equal(hasLayer, kind === 'migrate', `${kind}: ${hasLayer ? 'has' : 'lacks'} the migration layer`);
    }
  });

  test('the migrate function is invoked by a trigger on deploy, before the other functions change', () => {
    const triggersOf = Object.values(resources).filter((r) => r.Type === 'Custom::Trigger');
    assert.equal(triggersOf.length, 1);
    const migrate = logicalId(stack.functions.migrate.function);
    const version = resources[triggersOf[0].Properties.HandlerArn.Ref];
    assert.equal(version?.Type, 'AWS::Lambda::Version');
    assert.deepEqual(version.Properties.FunctionName, { Ref: migrate }, 'the trigger does not invoke the migrate function');
    assert.equal(triggersOf[0].Properties.ExecuteOnHandlerChange, true);
    const triggerId = Object.entries(resources).find(([, r]) => r.Type === 'Custom::Trigger')![0];
    const api = resources[logicalId(stack.functions.uploadApi.function)] as unknown as { DependsOn?: string[] };
    assert.ok(api.DependsOn?.includes(triggerId), 'the API function does not wait for the migration');
  });

  test('have SnapStart on published versions, behind a live alias on the current version', () => {
    for (const kind of FUNCTION_KINDS) {
      assert.deepEqual(fnProps(kind).SnapStart, { ApplyOn: 'PublishedVersions' }, kind);
      const alias = resources[logicalId(stack.functions[kind].alias)];
      assert.equal(alias.Properties.Name, 'live');
      const versionId = alias.Properties.FunctionVersion['Fn::GetAtt'][0];
      assert.equal(resources[versionId].Type, 'AWS::Lambda::Version', kind);
      assert.deepEqual(resources[versionId].Properties.FunctionName, { Ref: logicalId(stack.functions[kind].function) });
    }
  });

  test('run in the VPC\'s private subnets, in the one security group the proxy admits', () => {
    const sg = logicalId(stack.database.functionSecurityGroup);
    for (const kind of FUNCTION_KINDS) {
      const vpc = fnProps(kind).VpcConfig;
      assert.ok(vpc, kind);
      assert.deepEqual(vpc.SecurityGroupIds, [{ 'Fn::GetAtt': [sg, 'GroupId'] }], kind);
      assert.equal(vpc.SubnetIds.length, 2, kind);
    }
  });

  test('each has an alarm on errors and one on throttles, both notifying the alarm topic', () => {
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const topic = logicalId(stack.alarmTopic);
    for (const kind of FUNCTION_KINDS) {
      const fn = logicalId(stack.functions[kind].function);
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarms.find(
          (a) =>
            a.Properties.MetricName === metric &&
            a.Properties.Namespace === 'AWS/Lambda' &&
            JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fn } }]),
        );
        assert.ok(alarm, `${kind}: no ${metric} alarm`);
        assert.equal(alarm.Properties.Threshold, 1);
        assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topic }], `${kind} ${metric}`);
      }
    }
  });

  test('API functions stop before API Gateway gives up on them', () => {
    for (const kind of ['uploadApi', 'proxiedUpload', 'readApi', 'deleteApi'] as const) {
      assert.ok(fnProps(kind).Timeout < 29, `${kind}: ${fnProps(kind).Timeout}`);
    }
  });

  test('the reconciler runs one at a time', () => {
    assert.equal(fnProps('reconciler').ReservedConcurrentExecutions, 1);
  });
});
