import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { JAVA_RUNTIME } from '../lib/java-function';
import { HANDLERS } from '../lib/settings';
import { FUNCTION_KINDS, logicalId, synth } from './support';

const EXPECTED_HANDLERS = {
  uploadApi: HANDLERS.api,
  proxiedUpload: HANDLERS.proxiedUpload,
  readApi: HANDLERS.api,
  deleteApi: HANDLERS.api,
  objectCreated: HANDLERS.objectCreated,
  reconciler: HANDLERS.reconciler,
};

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
