import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synth } from './support';

describe('events', () => {
  const { stack, template } = synth();

  test('ObjectCreated under the uploads prefix invokes the processing function\'s live alias', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack.storage.bucket) },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'assets/' }] } },
            LambdaFunctionArn: { Ref: logicalId(stack.functions.objectCreated.alias) },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { Ref: logicalId(stack.functions.objectCreated.alias) },
    });
  });

  test('events the processing function failed on are kept in an encrypted queue, with an alarm', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      Qualifier: Match.anyValue(),
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.processingFailures), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [{ Ref: logicalId(stack.alarmTopic) }],
    });
  });

  test('an EventBridge schedule runs the reconciler\'s live alias', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(stack.functions.reconciler.alias) } })],
    });
  });
});
