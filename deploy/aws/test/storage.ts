import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { TEST_ORIGINS, logicalId, synth } from './support';

describe('the asset bucket', () => {
  const { stack, template } = synth();
  const bucket = logicalId(stack.storage.bucket);
  const bucketProps = () => template.toJSON().Resources[bucket].Properties;

  test('blocks every kind of public access', () => {
    assert.deepEqual(bucketProps().PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  test('encrypts with SSE-KMS under the stack\'s customer key, with a bucket key', () => {
    assert.deepEqual(bucketProps().BucketEncryption, {
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack.storage.key), 'Arn'] },
          },
        },
      ],
    });
  });

  test('the customer key rotates', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const key = template.toJSON().Resources[logicalId(stack.storage.key)];
    assert.equal(key.Properties.EnableKeyRotation, true);
    assert.equal(key.DeletionPolicy, 'Retain', 'deleting the key would make every object unreadable');
  });

  test('its policy refuses every request not made over TLS', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: bucket } },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const tlsOnly = statements.find(
      (s) =>
        s.Effect === 'Deny' &&
        s.Action === 's3:*' &&
        JSON.stringify(s.Principal) === JSON.stringify({ AWS: '*' }) &&
        s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    );
    assert.ok(tlsOnly, 'no Deny on aws:SecureTransport=false: ' + JSON.stringify(statements));
    const resources = JSON.stringify(tlsOnly.Resource);
    assert.match(resources, new RegExp(`"${bucket}","Arn"`), 'the bucket itself');
    assert.match(resources, /"\/\*"/, 'and every object in it');
  });

  test('CORS allows the configured origins only, for signed PUTs, and exposes ETag', () => {
    const rules = bucketProps().CorsConfiguration.CorsRules;
    assert.equal(rules.length, 1);
    const [rule] = rules;
    assert.deepEqual(rule.AllowedOrigins, TEST_ORIGINS);
    assert.deepEqual([...rule.AllowedMethods].sort(), ['GET', 'HEAD', 'PUT']);
    assert.deepEqual(rule.ExposedHeaders, ['ETag']);
    assert.ok(rule.AllowedHeaders.includes('Content-MD5') && rule.AllowedHeaders.includes('If-None-Match'));
  });

  test('a lifecycle rule aborts incomplete multipart uploads after one day', () => {
    const rules = bucketProps().LifecycleConfiguration.Rules;
    const abort = rules.find((r: { AbortIncompleteMultipartUpload?: unknown }) => r.AbortIncompleteMultipartUpload);
    assert.ok(abort, JSON.stringify(rules));
    assert.equal(abort.Status, 'Enabled');
    assert.deepEqual(abort.AbortIncompleteMultipartUpload, { DaysAfterInitiation: 1 });
    assert.equal(abort.Prefix, undefined, 'applies to the whole bucket, tenant prefixes included');
  });

  test('server access logs go to a private, TLS-only log bucket that S3 may write to', () => {
    const logs = logicalId(stack.storage.accessLogs);
    assert.deepEqual(bucketProps().LoggingConfiguration, {
      DestinationBucketName: { Ref: logs },
      LogFilePrefix: 'assets-bucket/',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logs },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  test('CloudTrail records every object-level call on the bucket (data events)', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsLogging: true,
      EnableLogFileValidation: true,
      EventSelectors: Match.arrayWith([
        {
          DataResources: [
            {
              Type: 'AWS::S3::Object',
              Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/']] }],
            },
          ],
          IncludeManagementEvents: false,
          ReadWriteType: 'All',
        },
      ]),
    });
  });

  test('is kept when the stack is deleted', () => {
    assert.equal(template.toJSON().Resources[bucket].DeletionPolicy, 'Retain');
  });
});
