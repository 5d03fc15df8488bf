import { z } from 'zod';

/** Every SQS message body: small (a claim check, never raw mail), versioned, with a correlation id. */
export const envelopeBase = z.object({
  v: z.literal(1),
  correlationId: z.string().min(1).max(128),
  spaceId: z.string().min(1).max(64),
});

export type Envelope<T extends Record<string, unknown>> = z.infer<typeof envelopeBase> & T;
