import { once } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { ReviewCaptureDeps } from '../domain/contacts/review-capture.js';
import { blockAddress } from '../domain/rules/block-address.js';
import { createCaptureStore } from '../store/capture-store.js';
import { createCompanyStore } from '../store/company-store.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable } from '../store/dynamo.js';
import { createWorkspaceLookup } from '../store/workspace-lookup.js';
import { blocklistApplyingSettings } from './settings-deps.js';
import { customFieldDeps } from './custom-field-deps.js';

/** What the capture review routes need: the CRM stores, the captures, and the blocklist of the mail rules. */
export const captureReviewDeps = once((): ReviewCaptureDeps => {
  const settings = blocklistApplyingSettings();
  return {
    contacts: createContactStore(), companies: createCompanyStore(), captures: createCaptureStore(), rt: systemRuntime, customFields: customFieldDeps(),
    staff: createWorkspaceLookup(defaultTable()),
    blocklist: { block: (actor, address) => blockAddress(settings, systemRuntime, actor, address) },
  };
});
