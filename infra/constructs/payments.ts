import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface PaymentsProps {
  /** Sender of payment and receipt emails; its address and domain are the SES identities allowed. */
  readonly mailFrom: string;
  /** What happens to the secret when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Keys of the app secret. The operator fills in the Stripe ones after the first deploy. */
export const APP_SECRET_KEYS = {
  stripeSecretKey: 'stripeSecretKey',
  stripeWebhookSecret: 'stripeWebhookSecret',
  /** The webhook secret being rotated out; accepted until the operator empties it. */
  stripeWebhookSecretPrevious: 'stripeWebhookSecretPrevious',
  cursorKey: 'cursorKey',
} as const;

/**
 * What payments need beyond the data: the app secret (Stripe keys, the cursor-signing key) and the
 * right to send mail from one SES identity.
 */
export class Payments extends Construct {
  readonly appSecret: secretsmanager.Secret;
  /** SES identities (the From address and its domain) that may send. */
  readonly senderIdentityArns: readonly string[];

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    // Only the cursor key is generated; the Stripe keys stay empty until the operator sets them,
    // so no secret value is ever part of the template.
    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description:
        'Mailbridge: stripeSecretKey and stripeWebhookSecret (set by the operator), cursorKey (generated)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          [APP_SECRET_KEYS.stripeSecretKey]: '',
          [APP_SECRET_KEYS.stripeWebhookSecret]: '',
          [APP_SECRET_KEYS.stripeWebhookSecretPrevious]: '',
        }),
        generateStringKey: APP_SECRET_KEYS.cursorKey,
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.appSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Stripe API keys and webhook secrets are rolled in the Stripe dashboard, not by a rotation Lambda; ' +
        'docs/deploy.md describes the manual roll (both webhook secrets are accepted during it).',
    });
    const stack = Stack.of(this);
    const domain = props.mailFrom.slice(props.mailFrom.lastIndexOf('@') + 1);
    this.senderIdentityArns = [props.mailFrom, domain].map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );
  }

  /** Lets a function read the app secret (Stripe keys, cursor key). */
  grantReadSecret(grantee: iam.IGrantable): void {
    this.appSecret.grantRead(grantee);
  }

  /** Lets a function send email through SES, from the configured identity only. */
  grantSendEmail(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [...this.senderIdentityArns],
    });
  }
}
