import { once } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { logger } from '../observability/logger.js';
import { createStaffStore, type StaffStore } from '../store/staff-store.js';
import type { Operation } from './http-handler.js';

const staff = once((): StaffStore => createStaffStore());

/**
 * Wraps operations so each call records the caller in the Space's staff list (at most one write
 * per user and hour). A failure here never fails the request.
 */
export const recordingStaff = (...operations: Operation[]): Operation[] =>
  operations.map((op) => ({
    contract: op.contract,
    async handle(request) {
      if (op.contract.auth === 'jwt') {
        const { spaceId, userId, role, email } = request.auth;
        try {
          await staff().recordStaffSeen(spaceId, { userId, role, lastSeenAt: systemRuntime.now().toISOString(), ...(email ? { email } : {}) });
        } catch (error) {
          logger.warn('staff not recorded', { error: error as Error });
        }
      }
      return op.handle(request);
    },
  }));
