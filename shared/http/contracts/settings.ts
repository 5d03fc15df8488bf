import { z } from 'zod';
import { mailRulesSchema } from '../../domain/rules/mail-rules.js';
import { contract } from '../contract.js';

const rulesView = z.object({ rules: mailRulesSchema, version: z.number().int() });

export const getMailRulesOp = contract({
  operationId: 'getMailRules', method: 'GET', path: '/settings/mail-rules', fn: 'settings-api', tag: 'settings',
  summary: 'The mail rules of the Space (defaults until saved); the ETag is the version', response: rulesView,
});

export const putMailRulesOp = contract({
  operationId: 'putMailRules', method: 'PUT', path: '/settings/mail-rules', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Replace the mail rules; send If-Match with the version you read ("0" before the first save)',
  body: mailRulesSchema, response: rulesView,
});

export const settings = [getMailRulesOp, putMailRulesOp];
