import { sesNotificationWorker } from '../shared/deps/ses-notification-worker.js';

/** SES bounce and complaint notifications of payment emails and receipts, delivered by SNS (see shared/deps/ses-notification-worker.ts). */
export const handler = sesNotificationWorker;
