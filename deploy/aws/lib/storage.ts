import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StorageProps {
  readonly allowedOrigins: string[];
}

/** Headers a browser sends with a signed PUT (docs/s3.md, "CORS"). */
const SIGNED_UPLOAD_HEADERS = [
  'Content-Type',
  'Content-MD5',
  'If-None-Match',
  'x-amz-checksum-sha256',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
];

/** Logs are kept as long as the audit trail (`assetgate.audit.retention`, 400 days). */
const LOG_RETENTION = Duration.days(400);

/**
 * The asset bucket and what watches it: a customer KMS key, server access logs into a bucket of
 * their own, and a CloudTrail trail recording every object-level call (data events).
 */
export class Storage extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'Assetgate: encrypts every object in the asset bucket (SSE-KMS)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // S3 delivers server access logs only to buckets encrypted with S3-managed keys, not SSE-KMS.
    this.accessLogs = logBucket(this, 'AccessLogs');

    this.bucket = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of one KMS call per object: KMS requests drop by orders of magnitude.
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      cors: [
        {
          allowedOrigins: props.allowedOrigins,
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: SIGNED_UPLOAD_HEADERS,
          // Browsers send each part's ETag back at complete, so they must be able to read it.
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          // The backstop behind the reconciler; at least as long as assetgate.upload.multipart-ttl (24h).
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'assets-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'DataEvents', {
      bucket: logBucket(this, 'TrailLogs'),
      // The account's own trail records management events; this one adds the object-level calls.
      managementEvents: cloudtrail.ReadWriteType.NONE,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      enableFileValidation: true,
    });
    this.trail.addS3EventSelector([{ bucket: this.bucket }], {
      readWriteType: cloudtrail.ReadWriteType.ALL,
      includeManagementEvents: false,
    });
  }
}

function logBucket(scope: Construct, id: string): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [{ id: 'expire-logs', expiration: LOG_RETENTION }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
