import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ApiFunction, ROUTES } from './routes';

export interface ApiProps {
  /** The OIDC issuer whose tokens the authorizer accepts (its discovery document must be public). */
  readonly issuer: string;
  /** A token's `aud` (or, without `aud`, its `client_id`) must be one of these. */
  readonly audiences: string[];
  readonly allowedOrigins: string[];
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** The `live` alias of each function behind the API. */
  readonly targets: Record<ApiFunction, lambda.IFunction>;
}

/**
 * How long API Gateway waits for a function. HTTP APIs allow 30 s at most; aws-cdk-lib accepts
 * 29 s at most. The API functions time out two seconds earlier, so a slow call ends in the
 * function (logged, counted in its Errors alarm) rather than as a bare 503 from the gateway.
 */
export const INTEGRATION_TIMEOUT = Duration.seconds(29);

/**
 * The HTTP API: every route needs a valid bearer token (API Gateway answers 401 otherwise,
 * before any function runs) carrying one of the route's scopes (403 otherwise).
 */
export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.authorizer = new HttpJwtAuthorizer('Jwt', props.issuer, {
      jwtAudience: props.audiences,
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigwv2.HttpApi(this, 'Http', {
      description: 'Assetgate API (docs/api.md)',
      createDefaultStage: false,
      defaultAuthorizer: this.authorizer,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
        exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'Default', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            subject: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const integrations = new Map<ApiFunction, HttpLambdaIntegration>();
    const integrationFor = (target: ApiFunction): HttpLambdaIntegration => {
      let integration = integrations.get(target);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${target}Integration`, props.targets[target], {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
          timeout: INTEGRATION_TIMEOUT,
        });
        integrations.set(target, integration);
      }
      return integration;
    };

    for (const route of ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationFor(route.target),
        authorizer: this.authorizer,
        authorizationScopes: [...route.scopes],
      });
    }
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
