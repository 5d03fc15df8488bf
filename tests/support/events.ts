import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { CLAIMS } from '../../shared/config/names.js';

/** An API Gateway HTTP API (payload v2) event as the JWT authorizer hands it to a Lambda. */
export const anHttpEvent = (overrides: {
  routeKey: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  claims?: Record<string, string | number>;
}): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const [method, path] = overrides.routeKey.split(' ') as [string, string];
  const body = overrides.rawBody ?? (overrides.body === undefined ? undefined : JSON.stringify(overrides.body));
  return {
    version: '2.0',
    routeKey: overrides.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...overrides.headers },
    ...(overrides.pathParameters ? { pathParameters: overrides.pathParameters } : {}),
    ...(overrides.queryStringParameters ? { queryStringParameters: overrides.queryStringParameters } : {}),
    requestContext: {
      accountId: 'local', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1', routeKey: overrides.routeKey, stage: '$default', time: '', timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: overrides.claims ?? { sub: 'user-1', [CLAIMS.space]: 'space-a', [CLAIMS.role]: 'staff' }, scopes: [] } },
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
};

export const aLambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false, functionName: 'test', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:0:function:test',
  memoryLimitInMB: '128', awsRequestId: 'aws-req-1', logGroupName: 'g', logStreamName: 's',
  getRemainingTimeInMillis: () => 10_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
});
