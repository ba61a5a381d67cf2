import { App, type AppProps } from 'aws-cdk-lib';
import { AssetgateStack } from './assetgate-stack';
import { readConfig } from './config';

/**
 * Feature flags the stack is written for. They live here rather than in cdk.json so that the
 * tests, which build the App themselves, synthesize exactly what `cdk synth` does.
 */
export const FEATURE_FLAGS: Record<string, boolean> = {
  // Access log delivery through the bucket policy: new buckets have ACLs disabled.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/aws-lambda:recognizeVersionProps': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope': true,
  '@aws-cdk/aws-rds:databaseProxyUniqueResourceName': true,
};

export const STACK_NAME = 'Assetgate';

/** The CDK app: one stack, configured from context (`-c name=value`, see docs/serverless.md). */
export function createApp(props: AppProps = {}): { app: App; stack: AssetgateStack } {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const stack = new AssetgateStack(app, STACK_NAME, {
    config: readConfig(app.node),
    description: 'Assetgate: secure uploads to S3 through API Gateway and Lambda',
  });
  return { app, stack };
}
