import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The newest Java runtime aws-cdk-lib offers, and the one Lambda's SnapStart supports. The
 * handlers are built for it (serverless/ compiles with Java 25).
 */
export const JAVA_RUNTIME = lambda.Runtime.JAVA_25;

/** The alias every trigger (API Gateway, S3, EventBridge) invokes: SnapStart applies only to published versions. */
export const LIVE_ALIAS = 'live';

export interface JavaFunctionProps {
  readonly description: string;
  readonly code: lambda.Code;
  readonly handler: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly alarmTopic: sns.ITopic;
  readonly layers?: lambda.ILayerVersion[];
  readonly reservedConcurrency?: number;
}

/**
 * One Java handler as deployed: its own role (nothing granted but what the caller adds), a log
 * group with a retention, SnapStart on a published version behind the `live` alias, and alarms
 * on errors and throttles.
 */
export class JavaFunction extends Construct {
  readonly role: iam.Role;
  readonly function: lambda.Function;
  readonly alias: lambda.Alias;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: JavaFunctionProps) {
    super(scope, id);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Assetgate ${id}`,
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: JAVA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: props.handler,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      environment: props.environment,
      role: this.role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: 'private' },
      securityGroups: [props.securityGroup],
      layers: props.layers,
      reservedConcurrentExecutions: props.reservedConcurrency,
      snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
      tracing: lambda.Tracing.DISABLED,
    });

    this.alias = new lambda.Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.function.currentVersion,
    });
    Annotations.of(this.function).acknowledgeWarning(
      '@aws-cdk/aws-lambda:snapStartRequirePublish',
      'every trigger invokes the live alias, which points at the published current version',
    );

    const period = Duration.minutes(5);
    this.errorsAlarm = this.function.metricErrors({ period, statistic: 'Sum' }).createAlarm(this, 'Errors', {
      alarmDescription: `Assetgate ${id}: the handler failed (an exception or a timeout)`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.throttlesAlarm = this.function.metricThrottles({ period, statistic: 'Sum' }).createAlarm(this, 'Throttles', {
      alarmDescription: `Assetgate ${id}: invocations refused for lack of concurrency`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.errorsAlarm, this.throttlesAlarm]) {
      alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }
  }
}
