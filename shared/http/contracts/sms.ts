import * as z from 'zod';
import { toE164 } from '../../domain/sms/phone-number.js';
import { SMS_BODY_MAX_CHARS } from '../../domain/sms/send-sms.js';
import { contract } from '../contract.js';
import { contactId, idParamsOf } from './common.js';

const HELP_TEXT_MAX_CHARS = 320;
const e164 = z.string().max(40).refine((v) => toE164(v) !== undefined, 'must be an international number: + and country code (+14155550100)')
  .meta({ description: 'An international phone number (E.164 once spaces and dashes are dropped), e.g. +14155550100' });

export const sendSmsBody = z.strictObject({
  to: e164.optional().meta({ description: 'One of the contact\'s phone numbers; default: the first of them in international form' }),
  body: z.string().min(1).max(SMS_BODY_MAX_CHARS).meta({ description: `The text; at most ${SMS_BODY_MAX_CHARS} characters (the provider splits it into segments)` }),
});

const sentSmsView = z.strictObject({
  id: z.string().meta({ description: 'The message id in the inbox (GET /messages/{id})' }),
  threadId: z.string().meta({ description: 'The SMS thread of this number (GET /threads/{id})' }),
  to: z.string(),
  from: z.string().meta({ description: 'The Space\'s SMS number' }),
  status: z.literal('sent'),
});

export const sendSmsOp = contract({
  operationId: 'sendSms', method: 'POST', path: '/contacts/{id}/sms', fn: 'contacts-api', tag: 'contacts',
  summary: 'Text a contact from the Space\'s SMS number',
  description: 'Sends through AWS End User Messaging SMS from the number in PUT /settings/sms, to one of the contact\'s phone numbers, and keeps '
    + 'the message on that number\'s SMS thread in the inbox (channel `sms`) and on the contact\'s timeline. A number that texted STOP is 409 '
    + '`sms-opted-out` and nothing is sent; without a Space number 409 `sms-not-configured`. Idempotency-Key as on replies.',
  params: idParamsOf(contactId), body: sendSmsBody, requestHeaders: ['idempotency-key'],
  requestExample: { body: 'Hi Jane, your order ships today.' },
  responses: {
    201: {
      description: 'The SMS was handed to the provider', body: sentSmsView,
      example: { id: '4f0c8e9d2b7a41c6a3e5d1f0b9c8a7e6', threadId: '7d2e1c0b9a8f47e6b5d4c3b2a1f0e9d8', to: '+14155550100', from: '+12065550123', status: 'sent' },
    },
  },
  problems: ['not-found', 'sms-opted-out', 'sms-not-configured', 'sms-send-failed', 'idempotency-key-reused', 'request-in-progress'],
});

export const smsSettingsBody = z.strictObject({
  originationNumber: e164.meta({ description: 'The Space\'s number in AWS End User Messaging SMS (E.164); inbound SMS to it land in this Space' }),
  helpText: z.string().max(HELP_TEXT_MAX_CHARS).optional().meta({ description: 'The answer to HELP; empty or absent: the default text' }),
});

const smsSettingsView = z.strictObject({
  originationNumber: z.string().nullable().meta({ description: 'null until an admin saves one' }),
  helpText: z.string(),
  version: z.number().int().min(0).meta({ description: '0 until the first save; also the ETag' }),
});
const settingsExample = { originationNumber: '+12065550123', helpText: 'Acme Supplies: reply STOP to stop, START to resume.', version: 1 };

export const getSmsSettingsOp = contract({
  operationId: 'getSmsSettings', method: 'GET', path: '/settings/sms', fn: 'settings-api', tag: 'settings',
  summary: 'The Space\'s SMS number and HELP answer; the ETag is the version',
  description: 'The number the Space texts from and customers text to (null until an admin sets one) and the answer to HELP (the default text until saved).',
  responses: { 200: { description: 'The SMS settings', body: smsSettingsView, example: settingsExample, headers: ['etag'] } },
});

export const putSmsSettingsOp = contract({
  operationId: 'putSmsSettings', method: 'PUT', path: '/settings/sms', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Set the Space\'s SMS number and HELP answer (admin); send If-Match with the version you read ("0" before the first save)',
  description: 'A number another Space holds is 409 `sms-number-taken`. 428 without If-Match, 412 when stale; audited as `settings:sms`.',
  body: smsSettingsBody, requestHeaders: ['if-match'], requestExample: { originationNumber: settingsExample.originationNumber },
  responses: { 200: { description: 'The saved settings and their new version', body: smsSettingsView, example: settingsExample, headers: ['etag'] } },
  problems: ['sms-number-taken'],
});

export const deleteSmsSettingsOp = contract({
  operationId: 'deleteSmsSettings', method: 'DELETE', path: '/settings/sms', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Remove the Space\'s SMS number (admin); send If-Match with the version you read',
  description: 'The number is released at once: another Space may take it, inbound SMS to it no longer land here, and sending answers 409 '
    + '`sms-not-configured`. 404 without settings, 428 without If-Match, 412 when stale; audited as `settings:sms`. The next save sends If-Match "0".',
  requestHeaders: ['if-match'],
  responses: { 200: { description: 'The settings as they read now (no number, version 0)', body: smsSettingsView, example: { originationNumber: null, helpText: settingsExample.helpText, version: 0 }, headers: ['etag'] } },
  problems: ['not-found'],
});

export const sms = [sendSmsOp, getSmsSettingsOp, putSmsSettingsOp, deleteSmsSettingsOp];
