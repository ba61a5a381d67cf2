/**
 * Everything the stack shares with the Java `serverless` module, in one place: the artifact,
 * the handler classes, the environment the handlers read, the object key prefixes and the
 * scopes. Change a name here and the stack, its tests and docs/serverless.md follow.
 */

/**
 * The Lambda deployment artifact, relative to the repository root: the shaded jar (classifier
 * `lambda`, finalName `assetgate-serverless`) built by `./mvnw -pl serverless -am package`.
 */
export const ARTIFACT_PATH = 'serverless/target/assetgate-serverless-lambda.jar';

/**
 * The migrate function's layer, a directory beside the artifact: Flyway and the Jackson 2 it
 * needs, as `java/lib/*.jar` (Lambda puts a layer's `java/lib` on the classpath). Only the migrate
 * function runs Flyway, so the shared artifact leaves them out (3 MB smaller).
 */
export const MIGRATION_LAYER_PATH = 'serverless/target/migration-layer';

/** Handler classes in the artifact, `class::method` as Lambda's Java runtime expects. */
export const HANDLERS = {
  /** The design note's getSignedURL: create, parts, get, complete (answers 404 to any other route). */
  uploadApi: 'io.assetgate.serverless.SignedUploadHandler::handleRequest',
  /** GET of assets, download links and the audit trail. */
  readApi: 'io.assetgate.serverless.ReadHandler::handleRequest',
  /** DELETE of uploads and assets: the only API function that may delete objects. */
  deleteApi: 'io.assetgate.serverless.DeleteHandler::handleRequest',
  /** `PUT /v1/uploads/{id}/content`: the proxied path for small files. */
  proxiedUpload: 'io.assetgate.serverless.ProxiedUploadHandler::handleRequest',
  /** S3 `ObjectCreated` under the uploads prefix: verify the object, then process it. */
  objectCreated: 'io.assetgate.serverless.ObjectCreatedHandler::handleRequest',
  /** The scheduled reconciler: abandoned uploads and orphaned objects. */
  reconciler: 'io.assetgate.serverless.ReconcilerHandler::handleRequest',
  /** The Flyway migrations, invoked once per deployment by a trigger (never in a function's init). */
  migrate: 'io.assetgate.serverless.MigrateHandler::handleRequest',
} as const;

/**
 * Where every original and variant lives (docs/s3.md, "Layout"): `assets/<8 hex>/<24 hex>` and
 * `<original>~<variant>`. The signer may put and read here only.
 */
export const UPLOADS_PREFIX = 'assets/';

/** Where a quarantined original is copied (`assetgate.processing.quarantine=move`). */
export const QUARANTINE_PREFIX = 'quarantine/';

/** The scopes of docs/api.md. */
export const SCOPES = {
  read: 'assets:read',
  write: 'assets:write',
  admin: 'assets:admin',
} as const;

/** The PostgreSQL database and user the handlers connect as (through RDS Proxy, with IAM auth). */
export const DATABASE_NAME = 'assetgate';
export const DATABASE_USER = 'assetgate';

/**
 * Environment variables the handlers are given. The `ASSETGATE_*` and `SPRING_*` names are the
 * server's settings in Spring's relaxed binding (CONTRACT.md), so the core reads them unchanged;
 * the `ASSETGATE_LAMBDA_*` ones exist only in the serverless deployment.
 */
export const ENV = {
  storageType: 'ASSETGATE_STORAGE_TYPE',
  bucket: 'ASSETGATE_STORAGE_S3_BUCKET',
  region: 'ASSETGATE_STORAGE_S3_REGION',
  sse: 'ASSETGATE_STORAGE_S3_SSE',
  kmsKeyId: 'ASSETGATE_STORAGE_S3_KMS_KEY_ID',
  /** ETags of SSE-KMS objects are not MD5s (docs/s3.md). */
  etagsAreMd5: 'ASSETGATE_STORAGE_S3_ETAGS_ARE_MD5',
  /**
   * `true` for the migrate function only: it checks the bucket and its credentials (HeadBucket) when
   * the deployment runs it; the other functions skip the check at their cold start.
   */
  datasourceUrl: 'SPRING_DATASOURCE_URL',
  datasourceUsername: 'SPRING_DATASOURCE_USERNAME',
  /** `iam`: connect with an RDS IAM auth token generated from the function's role (no password anywhere). */
  databaseAuth: 'ASSETGATE_LAMBDA_DATABASE_AUTH',
  /** Largest body `PUT /v1/uploads/{id}/content` accepts before answering UPLOAD_TOO_LARGE (`assetgate.serverless.proxied-max-size`). */
  proxiedMaxBytes: 'ASSETGATE_SERVERLESS_PROXIED_MAX_SIZE',
  /**
   * `immediate` for the functions that may delete (the delete function, the reconciler), `deferred`
   * for the others: their store records deletions for the reconciler instead of calling S3's delete,
   * which their roles do not allow (`assetgate.storage.deletes`, permissions.ts `mayDelete`).
   */
  storageDeletes: 'ASSETGATE_STORAGE_DELETES',
  /**
   * `false` for the functions that may not read under the uploads prefix (the delete and migrate
   * functions), whose store's start-up check (a GET there) AWS would refuse
   * (`assetgate.storage.s3.check-at-startup`, permissions.ts `checksAtStartup`).
   */
  storageCheckAtStartup: 'ASSETGATE_STORAGE_S3_CHECK_AT_STARTUP',
  /** `move` or `delete` (docs/security.md); the processing function may not delete, see docs/serverless.md. */
  quarantine: 'ASSETGATE_PROCESSING_QUARANTINE',
  /** Where the ffmpeg layer's binary is (`assetgate.processing.video.ffmpeg`; default /opt/bin/ffmpeg). */
  ffmpegPath: 'ASSETGATE_PROCESSING_VIDEO_FFMPEG',
} as const;

/**
 * The largest proxied body. API Gateway HTTP APIs take 10 MB, but a synchronous Lambda
 * invocation takes 6 MB of event JSON, and API Gateway base64-encodes a binary body into it
 * (4 bytes for 3). 4 MiB leaves room for the headers and the rest of the event.
 */
export const PROXIED_MAX_BYTES = 4 * 1024 * 1024;
