import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { toE164 } from '../../domain/sms/phone-number.js';
import { DEFAULT_HELP_TEXT } from '../../domain/sms/sms-keywords.js';
import { sendSms } from '../../domain/sms/send-sms.js';
import { sendSmsDeps, smsSettings } from '../../deps/sms-deps.js';
import { deleteSmsSettingsOp, getSmsSettingsOp, putSmsSettingsOp, sendSmsOp } from '../contracts/sms.js';
import { implement, type Operation } from '../http-handler.js';
import { idempotencyKeyInput } from '../idempotency-key.js';
import { etagOf, expectedVersion } from '../if-match.js';

/** Texting a contact (contacts API). */
export const smsRoutes: Operation[] = [
  implement(sendSmsOp, async ({ auth, params, body, headers }) => {
    const sent = await sendSms(await sendSmsDeps(), {
      spaceId: auth.spaceId, userId: auth.userId, contactId: params.id, body: body.body,
      ...(body.to !== undefined ? { to: body.to } : {}), ...idempotencyKeyInput(headers),
    });
    return { status: 201, body: { id: sent.id, threadId: sent.threadId, to: sent.to, from: sent.from, status: 'sent' as const } };
  }),
];

/** The Space's SMS number and HELP answer (settings API). */
export const smsSettingsRoutes: Operation[] = [
  implement(getSmsSettingsOp, async ({ auth }) => {
    const saved = await smsSettings().getSmsSettings(auth.spaceId);
    const view = saved ?? { originationNumber: null, helpText: DEFAULT_HELP_TEXT, version: 0 };
    return { body: view, headers: { etag: etagOf(view.version) } };
  }),
  implement(putSmsSettingsOp, async ({ auth, body, headers, requestId }) => {
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: systemRuntime.now().toISOString(), auditId: systemRuntime.newId() };
    const saved = await smsSettings().putSmsSettings(actor, { originationNumber: toE164(body.originationNumber)!, helpText: body.helpText ?? '' }, expectedVersion(headers));
    return { status: 200, body: saved, headers: { etag: etagOf(saved.version) } };
  }),
  implement(deleteSmsSettingsOp, async ({ auth, headers, requestId }) => {
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: systemRuntime.now().toISOString(), auditId: systemRuntime.newId() };
    await smsSettings().deleteSmsSettings(actor, expectedVersion(headers));
    return { status: 200, body: { originationNumber: null, helpText: DEFAULT_HELP_TEXT, version: 0 }, headers: { etag: etagOf(0) } };
  }),
];
