import { Aws, CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { Api, INTEGRATION_TIMEOUT } from './api';
import type { AssetgateConfig } from './config';
import { Database } from './database';
import { JAVA_RUNTIME, JavaFunction } from './java-function';
import { type FunctionKind, checksAtStartup, grantStorage, mayDelete } from './permissions';
import { DATABASE_USER, ENV, HANDLERS, PROXIED_MAX_BYTES, UPLOADS_PREFIX } from './settings';
import { Storage } from './storage';

export interface AssetgateStackProps extends StackProps {
  readonly config: AssetgateConfig;
}

/** How each function is sized and which handler class it runs. */
const FUNCTIONS: Record<FunctionKind, { handler: string; memoryMb: number; timeout: Duration; description: string }> = {
  uploadApi: {
    handler: HANDLERS.uploadApi,
    memoryMb: 1024,
    timeout: INTEGRATION_TIMEOUT.minus(Duration.seconds(2)),
    description: 'Assetgate API: create uploads, sign parts, read and complete uploads',
  },
  proxiedUpload: {
    handler: HANDLERS.proxiedUpload,
    memoryMb: 1024,
    timeout: INTEGRATION_TIMEOUT.minus(Duration.seconds(2)),
    description: 'Assetgate API: PUT /v1/uploads/{id}/content (the proxied path for small files)',
  },
  readApi: {
    handler: HANDLERS.readApi,
    memoryMb: 1024,
    timeout: INTEGRATION_TIMEOUT.minus(Duration.seconds(2)),
    description: 'Assetgate API: list and read assets, download links, the audit trail',
  },
  deleteApi: {
    handler: HANDLERS.deleteApi,
    memoryMb: 1024,
    timeout: INTEGRATION_TIMEOUT.minus(Duration.seconds(2)),
    description: 'Assetgate API: abort uploads and delete assets',
  },
  objectCreated: {
    handler: HANDLERS.objectCreated,
    memoryMb: 2048,
    timeout: Duration.minutes(5),
    description: 'Assetgate: verify and process an uploaded object (S3 ObjectCreated)',
  },
  reconciler: {
    handler: HANDLERS.reconciler,
    memoryMb: 1024,
    timeout: Duration.minutes(4),
    description: 'Assetgate: expire abandoned uploads and remove orphaned objects (scheduled)',
  },
  migrate: {
    handler: HANDLERS.migrate,
    memoryMb: 1024,
    timeout: Duration.minutes(5),
    description: 'Assetgate: apply the Flyway migrations (invoked once per deployment by a trigger)',
  },
};

/** The serverless deployment of Assetgate (docs/serverless.md). */
export class AssetgateStack extends Stack {
  readonly storage: Storage;
  readonly database: Database;
  readonly api: Api;
  readonly functions: Record<FunctionKind, JavaFunction>;
  readonly processingFailures: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly migration: triggers.Trigger;

  constructor(scope: Construct, id: string, props: AssetgateStackProps) {
    super(scope, id, props);
    const config = props.config;

    const issuer = new CfnParameter(this, 'JwtIssuer', {
      type: 'String',
      description: 'The OIDC issuer URL whose access tokens the API accepts (its discovery document must be reachable)',
      allowedPattern: '^https://.+',
      constraintDescription: 'an https URL',
    });
    const audiences = new CfnParameter(this, 'JwtAudiences', {
      type: 'CommaDelimitedList',
      description: "Accepted token audiences (a token's aud, or its client_id when it has no aud, must be one of them)",
      default: 'assetgate',
    });

    this.storage = new Storage(this, 'Storage', { allowedOrigins: config.allowedOrigins });
    this.database = new Database(this, 'Database', {
      natGateways: config.natGateways,
      instanceType: config.databaseInstanceType,
      multiAz: config.databaseMultiAz,
    });

    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: 'Assetgate alarms', enforceSSL: true });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const code = lambda.Code.fromAsset(config.artifactPath);
    const environment: Record<string, string> = {
      [ENV.storageType]: 's3',
      [ENV.bucket]: this.storage.bucket.bucketName,
      [ENV.region]: Aws.REGION,
      [ENV.sse]: 'aws:kms',
      [ENV.kmsKeyId]: this.storage.key.keyArn,
      [ENV.etagsAreMd5]: 'false',
      [ENV.datasourceUrl]: this.database.jdbcUrl,
      [ENV.datasourceUsername]: DATABASE_USER,
      [ENV.databaseAuth]: 'iam',
    };
    const extraEnvironment: Partial<Record<FunctionKind, Record<string, string>>> = {
      proxiedUpload: { [ENV.proxiedMaxBytes]: String(PROXIED_MAX_BYTES) },
      objectCreated: config.ffmpegPath ? { [ENV.ffmpegPath]: config.ffmpegPath } : {},
    };
    const layers = config.processingLayerArns.map((arn, i) =>
      lambda.LayerVersion.fromLayerVersionArn(this, `ProcessingLayer${i}`, arn),
    );
    // Flyway and Jackson 2, for the migrate function only: the shared artifact leaves them out.
    const migrationLayer = new lambda.LayerVersion(this, 'MigrationLayer', {
      code: lambda.Code.fromAsset(config.migrationLayerPath),
      compatibleRuntimes: [JAVA_RUNTIME],
      description: 'Assetgate migrations: Flyway and Jackson 2',
    });

    const make = (kind: FunctionKind): JavaFunction => {
      const spec = FUNCTIONS[kind];
      const fn = new JavaFunction(this, kind.charAt(0).toUpperCase() + kind.slice(1), {
        ...spec,
        code,
        environment: {
          ...environment,
          [ENV.storageDeletes]: mayDelete(kind) ? 'immediate' : 'deferred',
          [ENV.storageCheckAtStartup]: String(checksAtStartup(kind)),
          ...extraEnvironment[kind],
        },
        vpc: this.database.vpc,
        securityGroup: this.database.functionSecurityGroup,
        alarmTopic: this.alarmTopic,
        layers: kind === 'objectCreated' ? layers : kind === 'migrate' ? [migrationLayer] : undefined,
        // One run at a time, as the server's ShedLock ensures across instances.
        reservedConcurrency: kind === 'reconciler' ? 1 : undefined,
      });
      grantStorage(fn.role, kind, this.storage.bucket, this.storage.key);
      this.database.proxy.grantConnect(fn.role, DATABASE_USER);
      return fn;
    };
    this.functions = {
      uploadApi: make('uploadApi'),
      proxiedUpload: make('proxiedUpload'),
      readApi: make('readApi'),
      deleteApi: make('deleteApi'),
      objectCreated: make('objectCreated'),
      reconciler: make('reconciler'),
      migrate: make('migrate'),
    };

    // The schema is migrated on every deployment that changes the artifact, after the database
    // and its proxy exist and before the API functions are updated; the functions never migrate.
    this.migration = new triggers.Trigger(this, 'Migration', {
      handler: this.functions.migrate.function,
      executeOnHandlerChange: true,
      // A cold Java start in the VPC plus the migrations; the trigger fails the deployment on an error.
      timeout: Duration.minutes(5),
      executeAfter: [this.database],
      executeBefore: [
        this.functions.uploadApi,
        this.functions.proxiedUpload,
        this.functions.readApi,
        this.functions.deleteApi,
        this.functions.objectCreated,
        this.functions.reconciler,
      ],
    });

    this.api = new Api(this, 'Api', {
      issuer: issuer.valueAsString,
      audiences: audiences.valueAsList,
      allowedOrigins: config.allowedOrigins,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      targets: {
        uploadApi: this.functions.uploadApi.alias,
        proxiedUpload: this.functions.proxiedUpload.alias,
        readApi: this.functions.readApi.alias,
        deleteApi: this.functions.deleteApi.alias,
      },
    });

    // S3 invokes the processing function asynchronously; events it could not process are kept here.
    this.processingFailures = new sqs.Queue(this, 'ProcessingFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const processing = this.functions.objectCreated.alias;
    processing.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.processingFailures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.storage.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(processing), {
      prefix: UPLOADS_PREFIX,
    });
    this.processingFailures
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'ProcessingFailuresAlarm', {
        alarmDescription: 'Assetgate: uploaded objects whose processing failed after retries',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new actions.SnsAction(this.alarmTopic));

    new events.Rule(this, 'ReconcilerSchedule', {
      description: 'Assetgate: run the reconciler',
      schedule: events.Schedule.rate(Duration.minutes(config.reconcilerRateMinutes)),
      // A missed run is made up by the next one; retrying would only pile runs up.
      targets: [new targets.LambdaFunction(this.functions.reconciler.alias, { retryAttempts: 0 })],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'The API base URL (clients append /v1/...)' });
    new CfnOutput(this, 'BucketName', { value: this.storage.bucket.bucketName });
    new CfnOutput(this, 'ProxyEndpoint', { value: this.database.proxy.endpoint });
    new CfnOutput(this, 'DatabaseSecret', {
      value: this.database.instance.secret!.secretArn,
      description: 'The master credentials (for migrations and operators only; the functions use IAM auth)',
    });
  }
}
