import type { OutboundSms, SmsSender } from '../../domain/sms/ports.js';

/** An SMS sender that keeps what it was given (`sent`); `failNext` makes the next send throw. */
export function createMemorySmsSender(): SmsSender & { readonly sent: (OutboundSms & { providerId: string })[]; failNext(error: Error): void } {
  const sent: (OutboundSms & { providerId: string })[] = [];
  let failure: Error | undefined;
  return {
    sent,
    failNext(error) { failure = error; },
    async send(sms) {
      if (failure) {
        const f = failure;
        failure = undefined;
        throw f;
      }
      const providerId = `memory-${sent.length + 1}`;
      sent.push({ ...sms, providerId });
      return { providerId };
    },
  };
}
