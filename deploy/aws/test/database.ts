import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENV } from '../lib/settings';
import { FUNCTION_KINDS, logicalId, synth } from './support';

describe('the database', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const proxy = logicalId(stack.database.proxy);
  const instance = logicalId(stack.database.instance);

  test('is PostgreSQL, private and encrypted', () => {
    const db = resources[instance].Properties;
    assert.equal(db.Engine, 'postgres');
    assert.equal(db.PubliclyAccessible, false);
    assert.equal(db.StorageEncrypted, true);
    assert.equal(db.DeletionProtection, true);
  });

  test('is reached through RDS Proxy, which requires IAM auth and TLS', () => {
    const p = resources[proxy].Properties;
    assert.equal(p.EngineFamily, 'POSTGRESQL');
    assert.equal(p.RequireTLS, true);
    assert.deepEqual(
      p.Auth.map((a: { IAMAuth: string }) => a.IAMAuth),
      ['REQUIRED'],
    );
    const target = Object.values(resources).find((r) => r.Type === 'AWS::RDS::DBProxyTargetGroup')!;
    assert.deepEqual(target.Properties.DBProxyName, { Ref: proxy });
    assert.deepEqual(target.Properties.DBInstanceIdentifiers, [{ Ref: instance }]);
  });

  test('the functions are given the proxy endpoint, never the instance, and no password', () => {
    for (const kind of FUNCTION_KINDS) {
      const env = resources[logicalId(stack.functions[kind].function)].Properties.Environment.Variables;
      const url = JSON.stringify(env[ENV.datasourceUrl]);
      assert.match(url, new RegExp(`"${proxy}","Endpoint"`), kind);
      assert.match(url, /sslmode=require/);
      assert.equal(env[ENV.databaseAuth], 'iam');
      assert.ok(!Object.keys(env).some((k) => /PASSWORD|SECRET/.test(k)), kind);
    }
  });

  test('only the functions reach the proxy, and only the proxy reaches the database', () => {
    const ingress = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress');
    const proxySg = logicalId(stack.database.proxy.connections.securityGroups[0]);
    const dbSg = logicalId(stack.database.instance.connections.securityGroups[0]);
    const into = (sg: string) =>
      ingress.filter((r) => r.Properties.GroupId['Fn::GetAtt'][0] === sg).map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]);
    assert.deepEqual(into(proxySg), [logicalId(stack.database.functionSecurityGroup)]);
    assert.deepEqual(into(dbSg), [proxySg]);
    for (const sg of [proxySg, dbSg]) {
      assert.equal(resources[sg].Properties.SecurityGroupIngress, undefined, 'no inline ingress (no CIDR rules)');
    }
  });
});
