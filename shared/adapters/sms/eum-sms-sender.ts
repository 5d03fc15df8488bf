import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SmsSender } from '../../domain/sms/ports.js';
import { SmsOptedOutError, SmsSendFailedError } from '../../domain/sms/sms-errors.js';

/**
 * Sends through AWS End User Messaging SMS (SendTextMessage, transactional). The provider's own
 * opt-out list refusing the number becomes SmsOptedOutError; any other refusal SmsSendFailedError,
 * with the exception's name as the reason (never the message body).
 */
export function createEumSmsSender(client = new PinpointSMSVoiceV2Client({})): SmsSender {
  return {
    async send(sms) {
      try {
        const out = await client.send(new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to, OriginationIdentity: sms.from, MessageBody: sms.body, MessageType: 'TRANSACTIONAL',
        }));
        if (!out.MessageId) throw new SmsSendFailedError('no-message-id');
        return { providerId: out.MessageId };
      } catch (error) {
        if (error instanceof SmsSendFailedError) throw error;
        const e = error as { name?: string; Reason?: string };
        if (e.name === 'ConflictException' && e.Reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT') throw new SmsOptedOutError(sms.to, 'unknown');
        throw new SmsSendFailedError(e.Reason ?? e.name ?? 'unknown');
      }
    },
  };
}
