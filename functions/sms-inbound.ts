import { smsInboundWorker } from '../shared/deps/sms-deps.js';

/** Inbound SMS from AWS End User Messaging SMS, delivered by its two-way SNS topic (see shared/deps/sms-deps.ts). */
export const handler = smsInboundWorker;
