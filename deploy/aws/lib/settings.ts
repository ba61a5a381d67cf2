/**
 * Everything the stack shares with the Java `serverless` module, in one place: the artifact,
 * the handler classes, the environment the handlers read, the object key prefixes and the
 * scopes. Change a name here and the stack, its tests and docs/serverless.md follow.
 */

/** The Lambda deployment artifact, relative to the repository root (built by `./mvnw -pl serverless -am package`). */
export const ARTIFACT_PATH = 'serverless/target/assetgate-serverless.zip';

/** Handler classes in the artifact, `class::method` as Lambda's Java runtime expects. */
export const HANDLERS = {
  /** Every JSON route of the API (docs/api.md); the route key in the event picks the operation. */
  api: 'io.assetgate.serverless.ApiHandler::handleRequest',
  /** `PUT /v1/uploads/{id}/content`: the proxied path for small files. */
  proxiedUpload: 'io.assetgate.serverless.ProxiedUploadHandler::handleRequest',
  /** S3 `ObjectCreated` under the uploads prefix: verify the object, then process it. */
  objectCreated: 'io.assetgate.serverless.ObjectCreatedHandler::handleRequest',
  /** The scheduled reconciler: abandoned uploads and orphaned objects. */
  reconciler: 'io.assetgate.serverless.ReconcilerHandler::handleRequest',
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
  corsAllowedOrigins: 'ASSETGATE_CORS_ALLOWED_ORIGINS',
  datasourceUrl: 'SPRING_DATASOURCE_URL',
  datasourceUsername: 'SPRING_DATASOURCE_USERNAME',
  /** `iam`: connect with an RDS IAM auth token generated from the function's role (no password anywhere). */
  databaseAuth: 'ASSETGATE_LAMBDA_DATABASE_AUTH',
  /** The issuer the API Gateway authorizer trusts; the handlers read the owner from its claims. */
  issuer: 'SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI',
  audiences: 'SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES',
  /** Largest body `PUT /v1/uploads/{id}/content` accepts before answering UPLOAD_TOO_LARGE. */
  proxiedMaxBytes: 'ASSETGATE_LAMBDA_PROXIED_MAX_BYTES',
  /** `move` or `delete` (docs/security.md); the processing function may not delete, see docs/serverless.md. */
  quarantine: 'ASSETGATE_PROCESSING_QUARANTINE',
  /** Set when an ffmpeg layer is attached to the processing function: where its binary is. */
  ffmpegPath: 'ASSETGATE_LAMBDA_FFMPEG_PATH',
} as const;

/**
 * The largest proxied body. API Gateway HTTP APIs take 10 MB, but a synchronous Lambda
 * invocation takes 6 MB of event JSON, and API Gateway base64-encodes a binary body into it
 * (4 bytes for 3). 4 MiB leaves room for the headers and the rest of the event.
 */
export const PROXIED_MAX_BYTES = 4 * 1024 * 1024;
