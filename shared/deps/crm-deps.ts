import { once } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { CompanyDeps } from '../domain/companies/company-use-cases.js';
import type { ContactDeps } from '../domain/contacts/contact-deps.js';
import { createCompanyStore } from '../store/company-store.js';
import { createContactStore } from '../store/contact-store.js';
import { defaultTable } from '../store/dynamo.js';
import { companyMergeDeps, contactMergeDeps } from '../store/merge-store.js';
import { createProductStore } from '../store/product-store.js';
import { coverageRecorder, customerEventRecorder } from './customer-stats.js';
import { customFieldDeps } from './custom-field-deps.js';
import { indexedCompanies } from './customer-views.js';
import { createCustomerViewStore } from '../store/customer-view-store.js';
import { createWorkspaceLookup } from '../store/workspace-lookup.js';

export const contactDeps = once((): ContactDeps => ({
  contacts: createContactStore(), companies: createCompanyStore(), rt: systemRuntime, customFields: customFieldDeps(), staff: createWorkspaceLookup(defaultTable()),
}));
/** The customer views index of companies and contacts; company writes move their company (and its contacts' tier) in it. */
export const companyViews = once(() => createCustomerViewStore(defaultTable()));
export const companyDeps = once((): CompanyDeps => ({
  companies: indexedCompanies(createCompanyStore(), companyViews()), rt: systemRuntime, customFields: customFieldDeps(), staff: createWorkspaceLookup(defaultTable()),
}));
export const productDeps = once(() => ({ products: createProductStore(), rt: systemRuntime }));

/** Recounts a company's contact coverage after a contact joins, leaves or changes role. */
export const coverage = once(() => coverageRecorder(defaultTable(), customerEventRecorder(defaultTable())));

export const contactMerge = once(() => contactMergeDeps());
export const companyMerge = once(() => companyMergeDeps());
