import { once } from '../config/config.js';
import { createAuditStore } from '../store/audit-store.js';
import { createSettingsStore } from '../store/settings-store.js';
import { createStaffStore } from '../store/staff-store.js';

export const auditTrail = once(() => createAuditStore());
export const staffList = once(() => createStaffStore());
export const spaceSettings = once(() => createSettingsStore());
