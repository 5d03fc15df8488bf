import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../infra/constructs/access.js';
import type { FunctionName } from '../../shared/config/names.js';
import { synthStack, type SynthesizedStack } from './support/synth-stack.js';
import { actionsOf, functionIds, refId, resourcesOf, statementsOf, type PolicyStatementJson } from './support/template-queries.js';

/** Every KMS action that uses key material (what only named roles may do). */
const CRYPTO = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:*'];
const CONTEXT = {
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['space', 'mailbox'] },
  'Null': { 'kms:EncryptionContext:space': 'false', 'kms:EncryptionContext:mailbox': 'false' },
};

let synth: SynthesizedStack;
beforeAll(() => {
  synth = synthStack();
});

describe('app secret and mailbox key', () => {
  it('gives the openapi function no access to the app secret', () => {
    const [secretId] = Object.keys(resourcesOf(synth.template, 'AWS::SecretsManager::Secret'));
    const statements = statementsOf(synth.template, functionIds(synth.template).openapi);

    expect(ACCESS.openapi).not.toContain('secret:read');
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain(secretId);
  });

  it('names the roles that use the mailbox key in its policy, each action under the encryption context (sync and mail-api also re-seal rotated refresh tokens)', () => {
    const ids = functionIds(synth.template);
    const roleOf = (name: FunctionName) => refId(resourcesOf(synth.template, 'AWS::Lambda::Function')[ids[name]]?.Properties.Role);
    const key = Object.values(resourcesOf(synth.template, 'AWS::KMS::Key'))[0]!;
    const statements = key.Properties.KeyPolicy.Statement as (PolicyStatementJson & { Principal: { AWS: unknown } })[];
    const users = statements.filter((s) => actionsOf(s).some((a) => CRYPTO.includes(a)));

    expect(users.map((s) => [refId(s.Principal.AWS), actionsOf(s)]).sort()).toEqual([
      [roleOf('mailboxes-api'), ['kms:GenerateDataKey']],
      [roleOf('mail-api'), ['kms:Decrypt']],
      [roleOf('mail-api'), ['kms:GenerateDataKey']],
      [roleOf('sync-mailbox'), ['kms:Decrypt']],
      [roleOf('sync-mailbox'), ['kms:GenerateDataKey']],
    ].sort());
    for (const statement of users) expect(statement.Condition).toEqual(CONTEXT);
  });

  it('keeps key administration with the account, without the right to use the key', () => {
    const key = Object.values(resourcesOf(synth.template, 'AWS::KMS::Key'))[0]!;
    const statements = key.Properties.KeyPolicy.Statement as (PolicyStatementJson & { Principal: { AWS: unknown } })[];
    const account = statements.filter((s) => JSON.stringify(s.Principal.AWS).includes(':root'));

    expect(account).toHaveLength(1);
    expect(actionsOf(account[0]!)).toEqual(expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:Describe*']));
    expect(actionsOf(account[0]!).filter((a) => CRYPTO.includes(a))).toEqual([]);
  });
});
