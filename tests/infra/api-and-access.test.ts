import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS, TABLE } from '../../shared/config/names.js';
import { routeKeyOf } from '../../shared/http/contract.js';
import { ACCESS } from '../../infra/constructs/access.js';
import { OPENAPI_ROUTE, synthStack, WEBHOOK_ROUTE, type SynthesizedStack } from './support/synth-stack.js';
import {
  actionsOf, functionIds, refId, resourceListOf, resourcesOf, statementsOf, type PolicyStatementJson,
} from './support/template-queries.js';

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

const allStatements = (): PolicyStatementJson[] =>
  Object.values(resourcesOf(synth.template, 'AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);

describe('HTTP API', () => {
  it('makes one route per contract and puts the JWT authorizer on all but the Stripe webhook, /openapi.json, the calendar feed and the OAuth2 callback', () => {
    const routes = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const [authorizerId] = Object.keys(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Authorizer'));

    expect(routes.map((r) => r.RouteKey).sort()).toEqual(synth.contracts.map(routeKeyOf).sort());
    for (const route of routes) {
      if (route.RouteKey === WEBHOOK_ROUTE || route.RouteKey === OPENAPI_ROUTE || route.RouteKey === 'GET /calendar/{token}' || route.RouteKey === 'GET /mailboxes/oauth/callback') {
        expect(route.AuthorizationType).toBe('NONE');
      } else {
        expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });

  it('accepts ID tokens of the built-in user pool (audience = app client)', () => {
    const [clientId] = Object.keys(resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient'));

    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: Match.anyValue() },
    });
  });

  it('logs access and throttles the stage', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('carries Space and role as custom attributes that users cannot write themselves', () => {
    const attributeNames = [CLAIMS.space, CLAIMS.role].map((claim) => claim.replace('custom:', ''));
    const client = Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient'))[0];

    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: attributeNames.map((name) => Match.objectLike({ Name: name, AttributeDataType: 'String' })),
    });
    expect(client?.Properties.ReadAttributes).toEqual(expect.arrayContaining([CLAIMS.space, CLAIMS.role]));
    expect(client?.Properties.WriteAttributes).not.toContain(CLAIMS.space);
    expect(client?.Properties.WriteAttributes).not.toContain(CLAIMS.role);
    expect(client?.Properties.AllowedOAuthFlows).toBeUndefined();
  });
});

describe('access', () => {
  it('puts no secret value in the template', () => {
    const json = JSON.stringify(synth.template.toJSON());

    expect(json).not.toContain('sk_');
    expect(json).not.toContain('whsec_');
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'cursorKey', SecretStringTemplate: Match.anyValue() }),
    });
  });

  it('allows KMS Decrypt and GenerateDataKey only under the {space, mailbox} encryption context', () => {
    const kmsStatements = allStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));

    expect(kmsStatements.length).toBeGreaterThanOrEqual(2);
    for (const statement of kmsStatements) {
      expect(actionsOf(statement).every((a) => ['kms:Decrypt', 'kms:GenerateDataKey'].includes(a))).toBe(true);
      expect(statement.Condition).toEqual({
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['space', 'mailbox'] },
        'Null': { 'kms:EncryptionContext:space': 'false', 'kms:EncryptionContext:mailbox': 'false' },
      });
    }
  });

  it('lets only sync-mailbox and mail-api (a reply through the mailbox\'s own SMTP server) decrypt mailbox secrets', () => {
    const ids = functionIds(synth.template);

    for (const [name, id] of Object.entries(ids)) {
      const decrypts = statementsOf(synth.template, id).some((s) => actionsOf(s).includes('kms:Decrypt'));
      expect(decrypts, name).toBe(name === 'sync-mailbox' || name === 'mail-api');
    }
  });

  it('scopes DynamoDB rights to the table and its named indexes', () => {
    const [tableId] = Object.keys(resourcesOf(synth.template, 'AWS::DynamoDB::Table'));
    const allowed = [
      JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }),
      ...TABLE.indexes.map((i) => JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${i.name}`]] })),
    ];
    const dynamo = allStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      for (const resource of resourceListOf(statement)) expect(allowed).toContain(JSON.stringify(resource));
      expect(actionsOf(statement)).not.toContain('dynamodb:Scan');
    }
  });

  it('grants no action on every resource and no wildcard action', () => {
    for (const statement of allStatements()) {
      expect(resourceListOf(statement)).not.toContain('*');
      expect(actionsOf(statement).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('gives each function the reads and writes of the access table, and no more', () => {
    const ids = functionIds(synth.template);
    const [secretId] = Object.keys(resourcesOf(synth.template, 'AWS::SecretsManager::Secret'));

    for (const [name, id] of Object.entries(ids)) {
      const statements = statementsOf(synth.template, id);
      const can = (action: string) => statements.some((s) => actionsOf(s).includes(action));
      const rights = ACCESS[name as keyof typeof ACCESS];
      expect(can('dynamodb:PutItem'), `${name} writes the table`).toBe(rights.includes('table:write'));
      expect(can('ses:SendEmail'), `${name} sends email`).toBe(rights.includes('email:send'));
      expect(can('s3:PutObject'), `${name} writes mail`).toBe(rights.includes('mail:write'));
      const readsSecret = statements.some((s) => resourceListOf(s).some((r) => refId(r) === secretId));
      expect(readsSecret, `${name} reads the app secret`).toBe(rights.includes('secret:read'));
      expect(can('bedrock:InvokeModel'), `${name} calls the model`).toBe(rights.includes('model:invoke'));
    }
  });

  it('lets the assistant invoke the configured foundation model only, and tells it which', () => {
    const model = allStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
    const assistant = synth.template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('assistant-api') } });

    expect(model).toHaveLength(1);
    expect(actionsOf(model[0] as PolicyStatementJson)).toEqual(['bedrock:InvokeModel']);
    expect(JSON.stringify(model[0]?.Resource)).toContain(':bedrock:');
    expect(JSON.stringify(model[0]?.Resource)).toContain('::foundation-model/anthropic.claude-3-haiku-20240307-v1:0');
    expect(JSON.stringify(Object.values(assistant)[0]?.Properties.Environment.Variables)).toContain('anthropic.claude-3-haiku-20240307-v1:0');
  });

  it('limits SES sending to the configured sender identity', () => {
    const ses = allStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));

    for (const statement of ses) {
      expect(JSON.stringify(statement.Resource)).toContain('identity/orders@shop.example');
      expect(JSON.stringify(statement.Resource)).toContain('identity/shop.example');
    }
  });
});
