import * as z from 'zod';

/**
 * The assistant's scenarios (the CRM seed's six, plus the smart profile). For each, the part a
 * language model writes is a schema here; facts (dates, counts, orders, reply times, churn score)
 * are computed from the data by code and never come from a model.
 */
export const SCENARIOS = [
  'proposal_draft', 'follow_up_draft', 'mail_analysis', 'thread_summary', 'call_prep', 'company_briefing', 'smart_profile',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

const line = (max: number) => z.string().trim().min(1).max(max);
const points = (max: number) => z.array(line(400)).max(max);

export const draftText = z.strictObject({ subject: line(200), body: line(8000) });
export const sentiment = z.strictObject({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number().min(-1).max(1) });
export const openQuestion = z.strictObject({ text: line(400), messageId: line(200) });
export const commitment = z.strictObject({ text: line(400), by: z.enum(['us', 'customer']), messageId: line(200), due: line(100).optional() });

/** What the model (or the offline adapter) writes, per scenario. */
export const MODEL_OUTPUTS = {
  proposal_draft: draftText,
  follow_up_draft: draftText,
  mail_analysis: z.strictObject({ sentiment, openQuestions: z.array(openQuestion).max(20), commitments: z.array(commitment).max(20) }),
  thread_summary: z.strictObject({ summary: line(2000), keyPoints: points(8) }),
  call_prep: z.strictObject({ talkingPoints: points(8), openQuestions: points(10) }),
  company_briefing: z.strictObject({ overview: line(2000), risks: points(6), opportunities: points(6) }),
  smart_profile: z.strictObject({
    suggestedTags: z.array(z.string().trim().toLowerCase().regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,30}$/u)).max(8),
    communicationStrategy: line(1200),
    churnReasons: points(5),
  }),
} as const satisfies Record<Scenario, z.ZodType>;

export type ModelOutput<S extends Scenario> = z.output<(typeof MODEL_OUTPUTS)[S]>;

/** Staff's own input to a scenario (never mail text): what to propose, what to follow up on. */
export interface StaffBrief {
  readonly brief?: string;
  /** Catalog lines for a proposal, priced by the catalog, not by the model. */
  readonly lines?: readonly { readonly sku: string; readonly name: string; readonly quantity: number; readonly unitAmount: number; readonly currency: string }[];
  /** Who signs a draft. */
  readonly senderName?: string;
}
