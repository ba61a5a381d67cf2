import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { QUARANTINE_PREFIX, UPLOADS_PREFIX } from './settings';

/** Every function of the stack, by what it does. */
export type FunctionKind =
  | 'uploadApi'
  | 'proxiedUpload'
  | 'readApi'
  | 'deleteApi'
  | 'objectCreated'
  | 'reconciler'
  | 'migrate';

export interface StorageAccess {
  /** Object actions, by key prefix. */
  readonly objects: ReadonlyArray<{ readonly prefix: string; readonly actions: readonly string[] }>;
  /**
   * Bucket actions, limited to listing under the uploads prefix. `s3:ListBucket` is also what
   * makes S3 answer 404, not 403, to a HEAD or GET of a missing key, which the store adapter needs
   * to tell "not uploaded yet" from "not allowed" (docs/s3.md). Not verified on an account: whether
   * S3 still answers 404 when ListBucket carries this prefix condition (docs/serverless.md). The
   * adapter never sends `HeadBucket`, which this condition would refuse (it carries no prefix): it
   * tells a missing bucket from a missing key with a GET of the key, and so does its start-up check.
   */
  readonly bucket: readonly string[];
  /** On the bucket's KMS key: GenerateDataKey to write SSE-KMS objects, Decrypt to read them (and for multipart). */
  readonly key: readonly string[];
}

const WRITE_KEY = ['kms:GenerateDataKey', 'kms:Decrypt'];
const READ_KEY = ['kms:Decrypt'];

/**
 * What each function may do to the bucket: the least that its handlers need. MUST hold: only the
 * delete function and the reconciler can delete objects or abort multipart uploads; the signer
 * (uploadApi) can put and read under the uploads prefix and nothing else. A function that may not
 * delete never calls delete: it runs with `assetgate.storage.deletes=deferred` ({@link mayDelete}
 * decides, the stack sets it), so where the server deletes at once (an integrity check failed at
 * complete or on arrival, an upload expired at complete, a quarantine, a multipart upload given
 * up) it records the deletion in the database, and the reconciler makes it once no record wants
 * the object. Both deleters may also delete under the quarantine prefix: the delete function
 * removes a quarantined asset's copy there, the reconciler a copy whose quarantine lost a race.
 */
export const STORAGE_ACCESS: Record<FunctionKind, StorageAccess> = {
  uploadApi: {
    objects: [{ prefix: UPLOADS_PREFIX, actions: ['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts'] }],
    bucket: ['s3:ListBucket'],
    key: WRITE_KEY,
  },
  proxiedUpload: {
    objects: [{ prefix: UPLOADS_PREFIX, actions: ['s3:GetObject', 's3:PutObject'] }],
    bucket: ['s3:ListBucket'],
    key: WRITE_KEY,
  },
  readApi: {
    objects: [{ prefix: UPLOADS_PREFIX, actions: ['s3:GetObject'] }],
    bucket: ['s3:ListBucket'],
    key: READ_KEY,
  },
  deleteApi: {
    objects: [
      { prefix: UPLOADS_PREFIX, actions: ['s3:DeleteObject', 's3:AbortMultipartUpload'] },
      { prefix: QUARANTINE_PREFIX, actions: ['s3:DeleteObject'] },
    ],
    bucket: [],
    key: [],
  },
  objectCreated: {
    objects: [
      { prefix: UPLOADS_PREFIX, actions: ['s3:GetObject', 's3:PutObject'] },
      { prefix: QUARANTINE_PREFIX, actions: ['s3:PutObject'] },
    ],
    bucket: ['s3:ListBucket'],
    key: WRITE_KEY,
  },
  reconciler: {
    objects: [
      {
        prefix: UPLOADS_PREFIX,
        actions: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
      },
      { prefix: QUARANTINE_PREFIX, actions: ['s3:DeleteObject'] },
    ],
    bucket: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
    key: WRITE_KEY,
  },
  /** Only the database: it starts the same context as the others, but sends no S3 request. */
  migrate: {
    objects: [],
    bucket: [],
    key: [],
  },
};

/**
 * True when the function may delete objects (under the uploads prefix): it then deletes at once,
 * as the server does; every other function defers its deletions to the reconciler
 * (`ASSETGATE_STORAGE_DELETES`, see docs/serverless.md).
 */
export function mayDelete(kind: FunctionKind): boolean {
  return STORAGE_ACCESS[kind].objects.some((o) => o.prefix === UPLOADS_PREFIX && o.actions.includes('s3:DeleteObject'));
}

/**
 * True when the function may read under the uploads prefix, which the store's start-up check does
 * (a GET of a key there that never exists): the stack turns the check off for the others, the
 * delete and migrate functions (`ASSETGATE_STORAGE_S3_CHECK_AT_STARTUP`), which would otherwise
 * fail their init on AWS's 403.
 */
export function checksAtStartup(kind: FunctionKind): boolean {
  return STORAGE_ACCESS[kind].objects.some((o) => o.prefix === UPLOADS_PREFIX && o.actions.includes('s3:GetObject'));
}

/** Adds the statements of {@link STORAGE_ACCESS} for one function to its role. */
export function grantStorage(role: iam.IRole, kind: FunctionKind, bucket: s3.IBucket, key: kms.IKey): void {
  const access = STORAGE_ACCESS[kind];
  for (const { prefix, actions } of access.objects) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects(`${prefix}*`)] }),
    );
  }
  if (access.bucket.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...access.bucket],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${UPLOADS_PREFIX}*`] } },
      }),
    );
  }
  if (access.key.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...access.key],
        resources: [key.keyArn],
        // Only for S3 on this bucket: the role cannot use the key directly for anything else.
        conditions: { StringEquals: { 'kms:ViaService': `s3.${bucket.stack.region}.amazonaws.com` } },
      }),
    );
  }
}
