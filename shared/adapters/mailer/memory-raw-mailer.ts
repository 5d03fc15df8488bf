import type { RawMailer } from '../../domain/threads/reply-to-thread.js';

/** An in-memory raw mailer for unit tests: `sent` holds each mail and its envelope. */
export function createMemoryRawMailer() {
  const sent: { raw: Buffer; from: string; recipients: readonly string[]; spaceId: string }[] = [];
  const mailer: RawMailer = {
    async sendRaw(raw, envelope) {
      sent.push({ raw, ...envelope });
      return { providerId: `mem-raw-${sent.length}` };
    },
  };
  return Object.assign(mailer, { sent });
}
