import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { TEST_ORIGINS, logicalId, synth } from './support';

/**
 * The routes of docs/api.md with the scopes the server requires for each (ApiSecurityConfig),
 * written out here rather than read from lib/routes.ts so that a wrong table fails.
 */
const EXPECTED_ROUTES: Record<string, string[]> = {
  'POST /v1/uploads': ['assets:write'],
  'POST /v1/uploads/{id}/parts': ['assets:write'],
  'GET /v1/uploads/{id}': ['assets:read', 'assets:write'],
  'POST /v1/uploads/{id}/complete': ['assets:write'],
  'PUT /v1/uploads/{id}/content': ['assets:write'],
  'DELETE /v1/uploads/{id}': ['assets:write'],
  'GET /v1/assets': ['assets:admin', 'assets:read'],
  'GET /v1/assets/{id}': ['assets:admin', 'assets:read'],
  'GET /v1/assets/{id}/content': ['assets:admin', 'assets:read'],
  'DELETE /v1/assets/{id}': ['assets:write'],
  'GET /v1/audit': ['assets:admin'],
};

describe('the HTTP API', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');

  test('has a JWT authorizer on the bearer token, with issuer and audiences from parameters', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { Ref: 'JwtIssuer' }, Audience: { Ref: 'JwtAudiences' } },
    });
    template.hasParameter('JwtIssuer', { Type: 'String', AllowedPattern: '^https://.+' });
    template.hasParameter('JwtAudiences', { Type: 'CommaDelimitedList' });
  });

  test('every route requires a valid token (no route without the authorizer)', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    assert.ok(routes.length > 0);
    for (const route of routes) {
      assert.equal(route.Properties.AuthorizationType, 'JWT', route.Properties.RouteKey);
      assert.deepEqual(route.Properties.AuthorizerId, { Ref: authorizerId }, route.Properties.RouteKey);
    }
  });

  test('the routes are those of docs/api.md, each with the scopes the server requires', () => {
    const actual: Record<string, string[]> = {};
    for (const route of routes) actual[route.Properties.RouteKey] = [...route.Properties.AuthorizationScopes].sort();
    assert.deepEqual(actual, EXPECTED_ROUTES);
  });

  test('integrations invoke the functions\' live aliases (published versions, so SnapStart applies)', () => {
    const integrations = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Integration');
    assert.equal(integrations.length, 4);
    for (const integration of integrations) {
      assert.equal(integration.Properties.IntegrationType, 'AWS_PROXY');
      assert.equal(integration.Properties.PayloadFormatVersion, '2.0');
      const target = resources[integration.Properties.IntegrationUri.Ref];
      assert.equal(target?.Type, 'AWS::Lambda::Alias', JSON.stringify(integration.Properties.IntegrationUri));
    }
  });

  test('the deleting routes reach the delete function, and no other route does', () => {
    const deleteAlias = logicalId(stack.functions.deleteApi.alias);
    const integrationTarget = (route: { Properties: any }) => {
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
      return resources[integrationId].Properties.IntegrationUri.Ref;
    };
    for (const route of routes) {
      const deletes = route.Properties.RouteKey.startsWith('DELETE ');
      assert.equal(integrationTarget(route) === deleteAlias, deletes, route.Properties.RouteKey);
    }
  });

  test('CORS preflight allows the configured origins and exposes ETag', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: TEST_ORIGINS,
        ExposeHeaders: Match.arrayWith(['ETag']),
        AllowHeaders: Match.arrayWith(['Authorization', 'Idempotency-Key']),
      }),
    });
  });

  test('the stage throttles and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});
