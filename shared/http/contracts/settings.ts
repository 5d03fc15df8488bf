import { contract } from '../contract.js';
import { mailRulesSchema } from '../../domain/rules/mail-rules.js';
import { mailRulesExample, mailRulesView } from './settings-views.js';

const one = (description: string) => ({ 200: { description, body: mailRulesView, example: mailRulesExample, headers: ['etag' as const] } });

export const getMailRulesOp = contract({
  operationId: 'getMailRules', method: 'GET', path: '/settings/mail-rules', fn: 'settings-api', tag: 'settings',
  summary: 'The mail rules of the Space (defaults until saved); the ETag is the version',
  description: 'What is imported, kept private or skipped. Version 0 means the defaults (never saved).',
  responses: one('The rules and their version'),
});

export const putMailRulesOp = contract({
  operationId: 'putMailRules', method: 'PUT', path: '/settings/mail-rules', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Replace the mail rules; send If-Match with the version you read ("0" before the first save)',
  description: 'Replaces all rules; fields left out take their defaults. If-Match must carry the version you read (428 without, 412 when stale).',
  body: mailRulesSchema, requestHeaders: ['if-match'], requestExample: mailRulesExample.rules,
  responses: one('The saved rules and their new version'), problems: ['conflict'],
});

export const settings = [getMailRulesOp, putMailRulesOp];
