import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT } from '../function-host/local-arns.js';
import type { LocalSnsTopic } from './local-sns.js';
import { LOCAL_SNS_CERT_PATH } from './local-sns.js';
import type { RecordedSend } from './ses-front.js';

/** The configuration set of the twin's SES (SES_CONFIGURATION_SET locally). */
export const LOCAL_SES_CONFIGURATION_SET = 'mailbridge-local';

/** SES's mailbox simulator: mail to these addresses bounces or draws a complaint, in AWS and here. */
export const SIMULATOR = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' } as const;

export interface SimulatedEvent {
  readonly type: 'Bounce' | 'Complaint';
  readonly messageId: string;
  /** Default: every recipient of the send. */
  readonly recipient?: string;
  /** Bounces: `Permanent` (default), `Transient` or `Undetermined`. */
  readonly bounceType?: string;
  /** Bounces: the RFC 3463 status, default 5.1.1. */
  readonly status?: string;
}

/** The SES event-publishing JSON of one bounce or complaint of a recorded send. */
export function sesEventOf(send: RecordedSend, e: SimulatedEvent, now: Date): string {
  const recipients = e.recipient ? [e.recipient] : [...send.destination];
  const timestamp = now.toISOString();
  const mail = {
    timestamp: send.at, source: send.source, sendingAccountId: LOCAL_ACCOUNT, messageId: send.messageId, destination: send.destination,
    headersTruncated: false,
    tags: {
      'ses:configuration-set': [send.configurationSet ?? ''], 'ses:from-domain': [send.source.slice(send.source.lastIndexOf('@') + 1)],
      ...Object.fromEntries(Object.entries(send.tags).map(([k, v]) => [k, [v]])),
    },
  };
  if (e.type === 'Complaint') {
    return JSON.stringify({
      eventType: 'Complaint', mail,
      complaint: { feedbackId: randomUUID(), complaintSubType: null, complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })), timestamp, complaintFeedbackType: 'abuse', arrivalDate: timestamp },
    });
  }
  const bounceType = e.bounceType ?? 'Permanent';
  const status = e.status ?? (bounceType === 'Permanent' ? '5.1.1' : '4.2.2');
  return JSON.stringify({
    eventType: 'Bounce', mail,
    bounce: {
      feedbackId: randomUUID(), bounceType, bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull', timestamp, reportingMTA: 'dns; ses.mailbridge.local',
      bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, action: 'failed', status, diagnosticCode: `smtp; 550 ${status} simulated by the local stack` })),
    },
  });
}

export interface SesEvents {
  /** Remembers a send; a send to the mailbox simulator publishes its bounce or complaint at once. */
  onSend(send: RecordedSend): void;
  /** The `/local/` routes of the SES front; false when the path is not one of them. */
  route(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * SES event publishing in the twin: sends that named the configuration set can bounce or draw a
 * complaint, published to the local SNS topic as SES would. Two ways to provoke one: mail to the
 * mailbox simulator, or `POST /local/ses/bounce` / `POST /local/ses/complaint` with
 * `{ messageId, recipient?, bounceType?, status? }` naming a send (its SES message id).
 */
export function createSesEvents(sns: LocalSnsTopic, configurationSet: string): SesEvents {
  const sends = new Map<string, RecordedSend>();
  const publish = (send: RecordedSend, e: SimulatedEvent) => sns.publish(sesEventOf(send, e, new Date()), 'Amazon SES Email Event Notification');
  return {
    onSend(send) {
      sends.set(send.messageId, send);
      if (sends.size > 10_000) sends.delete(sends.keys().next().value!);
      if (send.configurationSet !== configurationSet) return;
      for (const to of send.destination) {
        const lower = to.toLowerCase();
        if (lower === SIMULATOR.bounce) void publish(send, { type: 'Bounce', messageId: send.messageId, recipient: to });
        if (lower === SIMULATOR.complaint) void publish(send, { type: 'Complaint', messageId: send.messageId, recipient: to });
      }
    },
    async route(req, body, res) {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === LOCAL_SNS_CERT_PATH) {
        res.writeHead(200, { 'content-type': 'application/x-pem-file' });
        res.end(sns.publicKeyPem);
        return true;
      }
      const type = path === '/local/ses/bounce' ? 'Bounce' : path === '/local/ses/complaint' ? 'Complaint' : undefined;
      if (req.method !== 'POST' || type === undefined) return false;
      let input: Partial<SimulatedEvent>;
      try {
        input = JSON.parse(body.toString('utf8')) as Partial<SimulatedEvent>;
      } catch {
        json(res, 400, { message: 'expected JSON: { messageId, recipient?, bounceType?, status? }' });
        return true;
      }
      const send = typeof input.messageId === 'string' ? sends.get(input.messageId) : undefined;
      if (!send) json(res, 404, { message: 'no send with that SES message id' });
      else if (send.configurationSet !== configurationSet) json(res, 409, { message: 'the send named no configuration set: SES publishes no events for it' });
      else {
        const published = await publish(send, { ...input, type, messageId: send.messageId });
        json(res, published.delivered ? 200 : 502, published);
      }
      return true;
    },
  };
}
