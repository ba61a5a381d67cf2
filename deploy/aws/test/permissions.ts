import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Statement, FUNCTION_KINDS, actionsOf, allGrants, describeResource, grantsOf, logicalId, synth } from './support';

/** Actions that remove stored bytes. */
const DELETING = /^(s3:(Delete|AbortMultipartUpload|PutLifecycleConfiguration|\*)|\*)/;

describe('least privilege', () => {
  const { stack, template } = synth();
  const bucket = logicalId(stack.storage.bucket);
  const s3Statements = (kind: (typeof FUNCTION_KINDS)[number]) =>
    grantsOf(template, stack, kind).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

  test('nothing but the reconciler and the delete function may delete objects or abort uploads', () => {
    const allowed = new Set([logicalId(stack.functions.reconciler.role), logicalId(stack.functions.deleteApi.role)]);
    const deleters = allGrants(template)
      .filter((g) => actionsOf(g.statement).some((a) => DELETING.test(a)))
      .map((g) => g.role);
    assert.ok(deleters.length > 0, 'the delete function and the reconciler must be able to delete');
    assert.deepEqual([...new Set(deleters)].filter((r) => !allowed.has(r)), []);
    assert.deepEqual(new Set(deleters), allowed);
  });

  test('a function that may not delete defers its deletions to the reconciler; the deleters delete at once', () => {
    const resources = template.toJSON().Resources as Record<string, { Properties: any }>;
    for (const kind of FUNCTION_KINDS) {
      const env = resources[logicalId(stack.functions[kind].function)].Properties.Environment.Variables;
      const deletes = s3Statements(kind).some(
        (s) => describeResource(s.Resource) === `<${bucket}>/assets/*` && actionsOf(s).includes('s3:DeleteObject'),
      );
      assert.equal(env.ASSETGATE_STORAGE_DELETES, deletes ? 'immediate' : 'deferred', kind);
    }
    assert.equal(
      FUNCTION_KINDS.filter((k) => resources[logicalId(stack.functions[k].function)].Properties.Environment.Variables
        .ASSETGATE_STORAGE_DELETES === 'immediate').sort().join(),
      'deleteApi,reconciler',
    );
  });

  test('a function checks the bucket at start only when it may read under the uploads prefix, as the check does', () => {
    const resources = template.toJSON().Resources as Record<string, { Properties: any }>;
    for (const kind of FUNCTION_KINDS) {
      const env = resources[logicalId(stack.functions[kind].function)].Properties.Environment.Variables;
      const reads = s3Statements(kind).some(
        (s) => describeResource(s.Resource) === `<${bucket}>/assets/*` && actionsOf(s).includes('s3:GetObject'),
      );
      assert.equal(env.ASSETGATE_STORAGE_S3_CHECK_AT_STARTUP, String(reads), kind);
    }
    assert.equal(
      FUNCTION_KINDS.filter((k) => resources[logicalId(stack.functions[k].function)].Properties.Environment.Variables
        .ASSETGATE_STORAGE_S3_CHECK_AT_STARTUP === 'false').sort().join(),
      'deleteApi,migrate',
    );
  });

  test('the migrate function has no S3 access', () => {
    assert.deepEqual(s3Statements('migrate'), []);
  });

  test('only the deleters may delete quarantined copies, and only the object function may put them', () => {
    for (const kind of FUNCTION_KINDS) {
      const actions = s3Statements(kind)
        .filter((s) => describeResource(s.Resource) === `<${bucket}>/quarantine/*`)
        .flatMap(actionsOf)
        .sort();
      const expected =
        kind === 'deleteApi' || kind === 'reconciler' ? ['s3:DeleteObject'] : kind === 'objectCreated' ? ['s3:PutObject'] : [];
      assert.deepEqual(actions, expected, kind);
    }
  });

  test('the signer may only put and read objects under the uploads prefix', () => {
    const statements = s3Statements('uploadApi');
    const objectStatements = statements.filter((s) => describeResource(s.Resource) !== `<${bucket}>`);
    for (const s of objectStatements) {
      assert.equal(describeResource(s.Resource), `<${bucket}>/assets/*`);
      for (const action of actionsOf(s)) {
        assert.ok(['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts'].includes(action), action);
      }
    }
    assert.ok(objectStatements.some((s) => actionsOf(s).includes('s3:PutObject')));
    const bucketStatements = statements.filter((s) => describeResource(s.Resource) === `<${bucket}>`);
    for (const s of bucketStatements) assertListsUploadsOnly(s);
  });

  test('the readers cannot write, and the delete function cannot read or write', () => {
    const actions = (kind: (typeof FUNCTION_KINDS)[number]) => new Set(s3Statements(kind).flatMap(actionsOf));
    assert.deepEqual([...actions('readApi')].sort(), ['s3:GetObject', 's3:ListBucket']);
    assert.deepEqual([...actions('deleteApi')].sort(), ['s3:AbortMultipartUpload', 's3:DeleteObject']);
  });

  test('no function touches objects outside the uploads and quarantine prefixes, nor any other bucket', () => {
    for (const kind of FUNCTION_KINDS) {
      for (const s of s3Statements(kind)) {
        const resource = describeResource(s.Resource);
        assert.ok(
          [`<${bucket}>`, `<${bucket}>/assets/*`, `<${bucket}>/quarantine/*`].includes(resource),
          `${kind}: ${resource}`,
        );
        if (resource === `<${bucket}>`) assertListsUploadsOnly(s);
      }
    }
  });

  test('functions use the KMS key only through S3, and read no secret', () => {
    for (const kind of FUNCTION_KINDS) {
      for (const s of grantsOf(template, stack, kind)) {
        const actions = actionsOf(s);
        assert.ok(!actions.some((a) => a.startsWith('secretsmanager:')), `${kind}: ${actions}`);
        if (actions.some((a) => a.startsWith('kms:'))) {
          assert.deepEqual(actions.filter((a) => !['kms:Decrypt', 'kms:GenerateDataKey'].includes(a)), [], kind);
          assert.match(JSON.stringify(s.Condition), /kms:ViaService.*"s3\."/, kind);
        }
      }
    }
  });

  test('functions connect to the database as the assetgate user through the proxy (IAM auth)', () => {
    for (const kind of FUNCTION_KINDS) {
      const connect = grantsOf(template, stack, kind).filter((s) => actionsOf(s).includes('rds-db:connect'));
      assert.equal(connect.length, 1, kind);
      const resource = JSON.stringify(connect[0].Resource);
      assert.match(resource, /:dbuser:/);
      assert.match(resource, new RegExp(logicalId(stack.database.proxy)));
      assert.match(resource, /\/assetgate"/);
    }
  });

  test('no statement of our functions grants a wildcard action', () => {
    for (const kind of FUNCTION_KINDS) {
      for (const s of grantsOf(template, stack, kind)) {
        for (const a of actionsOf(s)) assert.ok(!a.endsWith('*'), `${kind}: ${a}`);
      }
    }
  });
});

function assertListsUploadsOnly(s: Statement): void {
  assert.deepEqual(s.Condition, { StringLike: { 's3:prefix': ['assets/*'] } }, JSON.stringify(s));
}
