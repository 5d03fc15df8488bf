import type { Viewer } from '../rules/mail-privacy.js';
import type { CustomerContext } from './customer-context.js';
import type { Prompt } from './prompts.js';
import type { ModelOutput, Scenario, StaffBrief } from './scenarios.js';

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** The assistant port: writes one scenario's part from the prompt (a model) or from the data (offline). */
export interface AssistantModel {
  readonly mode: 'bedrock' | 'offline';
  readonly modelId: string;
  /**
   * @throws AssistantUnavailableError (the model is throttled or down), AssistantOutputError (the
   * answer does not match the scenario's schema)
   */
  generate<S extends Scenario>(scenario: S, prompt: Prompt, input: { readonly ctx: CustomerContext; readonly brief: StaffBrief }):
    Promise<{ readonly output: ModelOutput<S>; readonly usage: TokenUsage }>;
}

/** A Space's assistant settings: model calls need its opt-in; the cap may be below the deployment's. */
export interface AssistantSettings {
  readonly enabled: boolean;
  readonly monthlyTokenCap?: number;
  /** 0 until first saved. */
  readonly version: number;
}

export interface MonthUsage {
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  /** Tokens counted against the cap: finished calls plus those reserved by calls in flight. */
  readonly tokens: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly calls: number;
}

/** Per-Space opt-in and token metering. */
export interface AssistantAccount {
  getSettings(spaceId: string): Promise<AssistantSettings>;
  /** Reserves tokens for one call when they fit under `cap`. @throws AssistantQuotaError */
  reserve(spaceId: string, month: string, tokens: number, cap: number): Promise<void>;
  /** Replaces a reservation with the call's real usage and counts the call. */
  settle(spaceId: string, month: string, reserved: number, usage: TokenUsage): Promise<void>;
  /** Gives back a reservation of a call that failed. */
  release(spaceId: string, month: string, reserved: number): Promise<void>;
  usageOf(spaceId: string, month: string): Promise<MonthUsage>;
}

/**
 * Loads what the assistant may know about a customer or a thread: only mail the viewer sees whole.
 * @throws NotFoundError (also for a thread that is private or restricted to the viewer)
 */
export interface ContextSource {
  forContact(spaceId: string, contactId: string, now: string, viewer: Viewer): Promise<CustomerContext>;
  forCompany(spaceId: string, companyId: string, now: string, viewer: Viewer): Promise<CustomerContext>;
  forThread(spaceId: string, threadId: string, now: string, viewer: Viewer): Promise<CustomerContext & { readonly thread: ThreadFacts }>;
}

export interface ThreadFacts {
  readonly id: string;
  readonly subject: string;
  readonly messageCount: number;
  readonly participants: readonly string[];
  readonly lastMessageAt: string;
}
