import type { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS, type FunctionName } from '../../../shared/config/names.js';

/** A CloudFormation resource as the synthesized template holds it. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly DependsOn?: string[];
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Every resource of one type, keyed by logical id. */
export const resourcesOf = (template: Template, type: string): Record<string, CfnResourceJson> =>
  template.findResources(type) as Record<string, CfnResourceJson>;

/** The logical id of each function, found by the description the Functions construct writes. */
export function functionIds(template: Template): Record<FunctionName, string> {
  const lambdas = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
  return Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => {
      const found = lambdas.find(([, r]) => String(r.Properties.Description).startsWith(`Mailbridge ${name} (`));
      if (!found) throw new Error(`no Lambda function for ${name}`);
      return [name, found[0]];
    }),
  ) as Record<FunctionName, string>;
}

/** The statements of the role policy attached to one function's role. */
export function statementsOf(template: Template, functionId: string): PolicyStatementJson[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId];
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

export const actionsOf = (s: PolicyStatementJson): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourceListOf = (s: PolicyStatementJson): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The logical id in `{ Ref }` or `{ Fn::GetAtt: [id, attr] }`. */
export const refId = (value: unknown): string | undefined => {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return v?.Ref ?? v?.['Fn::GetAtt']?.[0];
};
