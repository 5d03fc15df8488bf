import { pollSchedule } from '../shared/deps/poll-schedule.js';

/** The schedule: one sync job per connected mailbox, and the stalled-mailbox metric (see shared/deps/poll-schedule.ts). */
export const handler = pollSchedule;
