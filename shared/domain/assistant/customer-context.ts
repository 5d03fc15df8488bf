/**
 * What the assistant knows about a customer when it answers: records from the CRM and the customer's
 * recent mail, newest first. Everything here is data: mail text in particular is the customer's
 * words, never instructions to the assistant (see prompts.ts).
 */
export interface MailItem {
  readonly id: string;
  readonly threadId: string;
  readonly subject: string;
  /** ISO 8601. */
  readonly date: string;
  readonly direction: 'inbound' | 'outbound';
  readonly from: { readonly address: string; readonly name?: string };
  /** The new text of the mail (quoted history and signature removed), at most MAIL_TEXT_CHARS. */
  readonly text: string;
  readonly orderId?: string;
}

export interface ContactFacts {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly roles: readonly string[];
  readonly level?: string;
  readonly tags: readonly string[];
  readonly status: string;
}

export interface CompanyFacts {
  readonly id: string;
  readonly name: string;
  readonly tier: string;
  readonly domains: readonly string[];
  readonly tags: readonly string[];
}

export interface OrderFacts {
  readonly id: string;
  readonly status: string;
  readonly total: number;
  readonly currency: string;
  readonly createdAt: string;
}

export interface CustomerContext {
  readonly contact?: ContactFacts;
  readonly company?: CompanyFacts;
  /** A company's contacts (briefings, profiles of a company). */
  readonly contacts: readonly ContactFacts[];
  /** Newest first, automated mail (bounces, auto-replies, bulk) left out. */
  readonly mail: readonly MailItem[];
  readonly orders: readonly OrderFacts[];
  /** ISO 8601: the time the answer is for. */
  readonly now: string;
}

/** Bounds on what one answer reads and sends to a model. */
export const CONTEXT_LIMITS = { messages: 20, mailTextChars: 3000, briefChars: 2000, threadMessages: 50 } as const;

/** The customer's display name: the contact's, else the company's. */
export const customerName = (c: CustomerContext): string => c.contact?.name ?? c.company?.name ?? 'customer';

/** The first name for a greeting ("Dear Ann"). */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;
