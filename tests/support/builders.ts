import { ulid } from 'ulid';
import type { Company } from '../../shared/domain/companies/company.js';
import type { Contact } from '../../shared/domain/contacts/contact.js';
import type { Product } from '../../shared/domain/products/product.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/** A request body for POST /contacts. */
export const aContactBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Jane Doe', emails: [`jane.${unique()}@acme.example`], ...overrides,
});

/** A request body for POST /companies. */
export const aCompanyBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme Corp', domains: [`acme-${unique()}.example`], ...overrides,
});

/** A request body for POST /products. */
export const aProductBody = (overrides: Record<string, unknown> = {}) => ({
  sku: `SKU-${unique()}`, name: 'Widget', unitAmount: 1250, currency: 'EUR', ...overrides,
});

/** A stored contact record (for store tests and seeding). */
export const aContact = (overrides: Partial<Contact> = {}): Contact => {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: ulid(), spaceId: 'space-1', name: 'Jane Doe', emails: [`jane.${unique()}@acme.example`], phones: [], roles: [],
    primaryContact: false, tags: [], customFields: {}, status: 'active', createdAt: at, updatedAt: at, version: 1, ...overrides,
  };
};

export const aCompany = (overrides: Partial<Company> = {}): Company => {
  const at = new Date().toISOString();
  return {
    id: ulid(), spaceId: 'space-1', name: 'Acme Corp', domains: [`acme-${unique()}.example`], tier: 'normal', tags: [],
    customFields: {}, status: 'active', createdAt: at, updatedAt: at, version: 1, ...overrides,
  };
};

export const aProduct = (overrides: Partial<Product> = {}): Product => {
  const at = new Date().toISOString();
  return {
    id: ulid(), spaceId: 'space-1', sku: `SKU-${unique()}`.toUpperCase(), name: 'Widget', aliases: [], unitAmount: 1250,
    currency: 'EUR', active: true, createdAt: at, updatedAt: at, version: 1, ...overrides,
  };
};
