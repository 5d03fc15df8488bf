import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIMS } from '../../shared/config/names.js';

export interface UserDirectoryProps {
  /** Require a second factor (TOTP) at sign-in. @default false */
  readonly requireMfa?: boolean;
  /** Cognito feature plan; PLUS adds threat protection at extra cost. @default cognito.FeaturePlan.ESSENTIALS */
  readonly featurePlan?: cognito.FeaturePlan;
  /** Refuse DeleteUserPool calls. @default true */
  readonly deletionProtection?: boolean;
  /** What happens to the user pool when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** The staff console signing in through the hosted UI (code flow with PKCE). @default - no hosted UI */
  readonly console?: {
    /** The console's URL; `<url>callback` receives the code, `<url>` is where sign-out lands. */
    readonly url: string;
    /** Prefix of the hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
    readonly domainPrefix: string;
  };
}

/** The hosted UI's origin for a domain prefix (the console's CSP names it before the pool exists). */
export const hostedUiOrigin = (scope: Construct, domainPrefix: string): string =>
  `https://${domainPrefix}.auth.${Stack.of(scope).region}.amazoncognito.com`;

const attributeName = (claim: string): string => claim.replace(/^custom:/, '');

/**
 * The default identity provider: a Cognito user pool whose staff users carry the Space and the
 * role as custom attributes, and one public app client whose ID tokens the API accepts.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The `iss` of this pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: UserDirectoryProps = {}) {
    super(scope, id);
    const requireMfa = props.requireMfa ?? false;
    const featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: requireMfa ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan,
      customAttributes: {
        // A user never changes Space; the role may change (an admin promotes staff).
        [attributeName(CLAIMS.space)]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        [attributeName(CLAIMS.role)]: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
      },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    if (!requireMfa) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP) until the staff front end offers enrolment; staff users are created by an ' +
          'admin only (no self sign-up). Set the requireMfa context to true to enforce it.',
      });
    }
    if (featurePlan !== cognito.FeaturePlan.PLUS) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (Plus plan) is billed per active user; a small admin-provisioned staff directory ' +
          'does not justify it by default. Set the cognitoFeaturePlan context to PLUS to turn it on.',
      });
    }
    if (props.console) this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.console.domainPrefix } });
    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // Without a console there is no hosted UI: otherwise CDK enables the implicit grant with an
      // example.com callback. With one, only the code flow (the console always sends PKCE).
      ...(props.console
        ? {
          oAuth: {
            flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
            scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
            callbackUrls: [`${props.console.url}callback`],
            logoutUrls: [props.console.url],
          },
          supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        }
        : { disableOAuth: true }),
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(attributeName(CLAIMS.space), attributeName(CLAIMS.role)),
      // Users must not set their own Space or role: the client may write only harmless attributes.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }
}
