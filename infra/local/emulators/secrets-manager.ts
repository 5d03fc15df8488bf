import { LOCAL_ACCOUNT, LOCAL_REGION } from '../function-host/local-arns.js';
import { AwsJsonError, startJsonEmulator, type JsonEmulator } from './json-protocol.js';

export interface SecretsManagerEmulator extends JsonEmulator {
  /** The app secret's ARN: APP_SECRET_ID in local mode. */
  readonly secretArn: string;
}

/** The name the stack's app secret gets locally, with the random suffix Secrets Manager adds. */
const NAME = 'mailbridge-app';
const SUFFIX = 'LoCaL0';

/**
 * A local Secrets Manager serving the one app secret (GetSecretValue, DescribeSecret). `read` is
 * called per request, so the JSON always holds the current local values.
 */
export async function startSecretsManagerEmulator(port: number, read: () => Record<string, string>): Promise<SecretsManagerEmulator> {
  const secretArn = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${NAME}-${SUFFIX}`;
  const created = Math.floor(Date.now() / 1000);
  const find = (input: Record<string, unknown>) => {
    const id = String(input.SecretId ?? '');
    if (id !== secretArn && id !== NAME && id !== `${NAME}-${SUFFIX}`) {
      throw new AwsJsonError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
  };
  const server = await startJsonEmulator(port, 'secretsmanager', {
    GetSecretValue(input) {
      find(input);
      return { ARN: secretArn, Name: NAME, VersionId: 'local', VersionStages: ['AWSCURRENT'], SecretString: JSON.stringify(read()), CreatedDate: created };
    },
    DescribeSecret(input) {
      find(input);
      return { ARN: secretArn, Name: NAME, CreatedDate: created };
    },
  });
  return { ...server, secretArn };
}
