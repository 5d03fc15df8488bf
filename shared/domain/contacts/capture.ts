import { createHash } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import { ConflictError } from '../errors.js';
import { normalizeEmail } from '../mail/match-addresses.js';

export const CAPTURE_STATES = ['pending', 'approved', 'merged', 'rejected'] as const;
export type CaptureState = (typeof CAPTURE_STATES)[number];

/** The mail that made an address a candidate contact. */
export interface CaptureSource {
  readonly messageId: string;
  readonly threadId: string;
  readonly subject: string;
  readonly date: string;
  readonly direction: 'inbound' | 'outbound';
}

/**
 * An address the capture policy proposed as a contact, kept after the decision so the same address
 * is never proposed again once rejected, and so a repeated decision returns the first one's result.
 */
export interface Capture {
  readonly spaceId: string;
  readonly id: string;
  readonly address: string;
  readonly name: string;
  readonly companyDomain?: string;
  readonly source: CaptureSource;
  readonly state: CaptureState;
  readonly capturedAt: string;
  /** The contact it became (approved) or joined (merged). */
  readonly contactId?: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** Rejected with the address added to the Space's blocklist. */
  readonly blocklisted?: boolean;
}

/** Where a contact created from mail came from (set on the contact). */
export interface CapturedFrom extends CaptureSource {
  /** `automatic` under the policy without review; `review` when staff approved it; `manual` when staff made it from the mail. */
  readonly via: 'automatic' | 'review' | 'manual';
}

/** A capture's id: derived from Space and address, so proposing an address twice is one capture. */
export const captureIdOf = (spaceId: string, address: string): string =>
  createHash('sha256').update(`${spaceId}\n${normalizeEmail(address)}`).digest('hex').slice(0, 32);

/** Persistence of captures; decisions carry their audit row into the same write. */
export interface CaptureStore {
  /** Stores a new pending capture; false when the address was captured before (in any state). */
  proposeCapture(capture: Capture): Promise<boolean>;
  getCapture(spaceId: string, id: string): Promise<Capture | undefined>;
  listPendingCaptures(spaceId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: Capture[]; lastKey?: Record<string, unknown> }>;
  /** Moves a pending capture to its decision. @throws CaptureDecidedError when it is no longer pending. */
  decideCapture(before: Capture, after: Capture, audit: AuditEntry): Promise<void>;
}

/** The capture was already decided otherwise (approve after reject, merge into another contact). */
export class CaptureDecidedError extends ConflictError {
  override readonly code = 'capture-decided';
  constructor(capture: Pick<Capture, 'id' | 'state' | 'contactId'>) {
    super(`This capture was already ${capture.state}`, { id: capture.id, state: capture.state, ...(capture.contactId ? { contactId: capture.contactId } : {}) });
  }
}

/** Mail to an address waiting in the review queue: nothing is sent to a pending contact. */
export class ContactPendingReviewError extends ConflictError {
  override readonly code = 'contact-pending-review';
  constructor(address: string, captureId: string) {
    super(`${address} is a contact waiting for review: approve it before sending mail to it`, { captureId });
  }
}

/** The public shape of a capture. */
export function toCaptureView(c: Capture) {
  const { spaceId: _s, ...rest } = c;
  return rest;
}
