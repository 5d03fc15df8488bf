import { DomainError } from '../errors.js';
import type { TokenUsage } from './ports.js';

/** The deployment uses a model provider and the Space has not opted in (PUT /settings/assistant). */
export class AssistantDisabledError extends DomainError {
  readonly code = 'assistant-disabled';
  constructor() {
    super('The assistant sends customer mail to a language model; an admin must enable it for this Space first (PUT /settings/assistant)');
  }
}

/** The Space used its tokens of the month; `retryAfter` is the seconds until the next UTC month. */
export class AssistantQuotaError extends DomainError {
  readonly code = 'assistant-quota-exhausted';
  constructor(cap: number, used: number, retryAfter: number) {
    super(`This Space used ${used} of its ${cap} assistant tokens this month`, { cap, used, retryAfter });
  }
}

/** The model provider throttled, refused or could not be reached. */
export class AssistantUnavailableError extends DomainError {
  readonly code = 'assistant-unavailable';
  constructor(reason: string, retryAfter?: number) {
    super(`The language model is unavailable: ${reason}`, retryAfter ? { retryAfter } : {});
  }
}

/** The model's answer did not match the scenario's schema; nothing of it is used. */
export class AssistantOutputError extends DomainError {
  readonly code = 'assistant-output-invalid';
  /** The tokens the refused answer still cost (metered like any other call). */
  readonly usage: TokenUsage;
  constructor(detail: string, usage: TokenUsage) {
    super(`The language model's answer did not match the expected shape (${detail}); try again`);
    this.usage = usage;
  }
}
