/**
 * Every table and index key of Mailbridge, in one place (ElectroDB style). Every partition key
 * starts with the Space segment (`space#<id>`), which is what tenant isolation and the IAM
 * LeadingKeys condition rely on. The access patterns using them are listed in access-patterns.md.
 */
export type SpaceId = string;

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** Every partition key of a Space starts with this. */
export const spacePrefix = (s: SpaceId): string => `space#${s}`;

const part = (s: SpaceId, ...segments: string[]): string => [spacePrefix(s), ...segments].join('#');

// Space-wide records share the Space partition: small, bounded counts per Space.
export const spaceKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'space' });
export const staffKey = (s: SpaceId, userId: string): Key => ({ pk: spacePrefix(s), sk: `staff#${userId}` });
export const mailRulesKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#mail-rules' });

// Mailboxes: the config in the Space partition; sync state (lease, folder cursors) in its own.
export const mailboxKey = (s: SpaceId, mailboxId: string): Key => ({ pk: spacePrefix(s), sk: `mailbox#${mailboxId}` });
export const mailboxLeaseKey = (s: SpaceId, mailboxId: string): Key => ({ pk: part(s, 'mailbox', mailboxId), sk: 'lease' });
export const folderCursorKey = (s: SpaceId, mailboxId: string, folder: string): Key =>
  ({ pk: part(s, 'mailbox', mailboxId), sk: `folder#${folder}` });
/** All connected mailboxes of all Spaces, for the scheduled fan-out (GSI1). */
export const connectedMailboxIndex = (s: SpaceId, mailboxId: string) =>
  ({ gsi1pk: 'mailboxes#connected', gsi1sk: `${spacePrefix(s)}#mailbox#${mailboxId}` });

// Audit trail per record, newest last.
export const auditKey = (s: SpaceId, entity: string, entityId: string, at: string, id: string): Key =>
  ({ pk: part(s, 'audit', entity, entityId), sk: `${at}#${id}` });
export const auditPartition = (s: SpaceId, entity: string, entityId: string): string => part(s, 'audit', entity, entityId);

/** Builds a partition key under the Space for area stores (contacts, mail, orders). */
export const spacePartition = part;

// ── CRM core: contacts, companies, products (issue 3) ──────────────────────────────────────────
// Each record lives in its own partition; uniqueness items (email, domain, sku) are single items
// written with attribute_not_exists in the same transaction as the record.
export const contactKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'contact', id), sk: 'contact' });
export const contactEmailKey = (s: SpaceId, email: string): Key => ({ pk: part(s, 'contact-email', email), sk: 'contact-email' });
/** Contacts in name / createdAt order; `bucket` is `live` or `archived` (GSI1 / GSI2). */
export const contactListPartition = (s: SpaceId, bucket: 'live' | 'archived'): string => part(s, 'contacts', bucket);
/** Search token items, sharded by the token's first character: sk = `<token>#<contactId>`. */
export const contactTokenKey = (s: SpaceId, token: string, contactId: string): Key =>
  ({ pk: contactTokenPartition(s, token), sk: `${token}#${contactId}` });
export const contactTokenPartition = (s: SpaceId, token: string): string => part(s, 'ctok', [...token][0] ?? '_');
/** Contacts by last activity (or creation when none yet): sk = `<iso>#<contactId>`. */
export const contactActivityKey = (s: SpaceId, at: string, contactId: string): Key =>
  ({ pk: part(s, 'contact-activity'), sk: `${at}#${contactId}` });
export const contactActivityPartition = (s: SpaceId): string => part(s, 'contact-activity');

export const companyKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'company', id), sk: 'company' });
export const companyDomainKey = (s: SpaceId, domain: string): Key => ({ pk: part(s, 'company-domain', domain), sk: 'company-domain' });
/** Companies in name order (GSI1). */
export const companyListPartition = (s: SpaceId, bucket: 'live' | 'archived'): string => part(s, 'companies', bucket);

export const productKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'product', id), sk: 'product' });
export const productSkuKey = (s: SpaceId, sku: string): Key => ({ pk: part(s, 'product-sku', sku.toUpperCase()), sk: 'product-sku' });
/** All products by sku (GSI1) and the active ones by sku (GSI2). */
export const productListPartition = (s: SpaceId, which: 'all' | 'active'): string => part(s, 'products', which);

/** A merge job and its steps, so a rerun after a crash finishes the same work. */
export const mergeJobKey = (s: SpaceId, entity: string, jobId: string): Key => ({ pk: part(s, 'merge', entity, jobId), sk: 'job' });
