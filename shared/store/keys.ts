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
export const staffKey = (s: SpaceId, userId: string): Key => ({ pk: spacePrefix(s), sk: `staff#${userId}` });
export const mailRulesKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#mail-rules' });
/** The Space's signature under mail sent from the record. */
export const mailSignatureKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#mail-signature' });
/** The counter of one per-Space rate-limit window (TTL removes finished windows). */
export const rateWindowKey = (s: SpaceId, bucket: string, startMs: number): Key =>
  ({ pk: spacePrefix(s), sk: `rate#${bucket}#${startMs}` });

/** An OAuth2 authorization between its start and its callback, by the hash of its state nonce (TTL removes it). */
export const oauthPendingKey = (s: SpaceId, nonceHash: string): Key => ({ pk: part(s, 'oauth-pending', nonceHash), sk: 'pending' });
/** One mail sent from the record under an Idempotency-Key: its claim and its answer (TTL removes it). */
export const sendRecordKey = (s: SpaceId, sendId: string): Key => ({ pk: part(s, 'send', sendId), sk: 'send' });
// Mailboxes: the config in the Space partition; sync state (lease, folder cursors) in its own.
export const mailboxKey = (s: SpaceId, mailboxId: string): Key => ({ pk: spacePrefix(s), sk: `mailbox#${mailboxId}` });
export const mailboxLeaseKey = (s: SpaceId, mailboxId: string): Key => ({ pk: part(s, 'mailbox', mailboxId), sk: 'lease' });
export const folderCursorKey = (s: SpaceId, mailboxId: string, folder: string): Key =>
  ({ pk: part(s, 'mailbox', mailboxId), sk: `folder#${folder}` });
/** What a mailbox did not import (unfetchable, too large, unparsable), beside its lease and cursors. */
export const mailboxProblemKey = (s: SpaceId, mailboxId: string, problemId: string): Key =>
  ({ pk: part(s, 'mailbox', mailboxId), sk: `problem#${problemId}` });
/** One sync run of a mailbox, for its health view; the ISO start time sorts them (TTL removes old ones). */
export const syncRunKey = (s: SpaceId, mailboxId: string, startedAt: string, runId: string): Key =>
  ({ pk: part(s, 'mailbox', mailboxId), sk: `run#${startedAt}#${runId}` });
/** One first-import preview of a mailbox and its answer (TTL removes it). */
export const mailboxPreviewKey = (s: SpaceId, mailboxId: string, previewId: string): Key => ({ pk: part(s, 'mailbox', mailboxId), sk: `preview#${previewId}` });
/** What the mail rules kept and skipped of a mailbox's new mail on one UTC day (the health view's "rules skip everything"). */
export const ruleTallyKey = (s: SpaceId, mailboxId: string, day: string): Key => ({ pk: part(s, 'mailbox', mailboxId), sk: `rules#${day}` });
/** The throttling back-off of a mailbox (scheduled runs wait until it ends). */
export const syncBackoffKey = (s: SpaceId, mailboxId: string): Key => ({ pk: part(s, 'mailbox', mailboxId), sk: 'backoff' });
/** One of a Space's sync slots (a conditional, expiring lease): a Space runs at most that many syncs. */
export const syncSlotKey = (s: SpaceId, slot: number): Key => ({ pk: part(s, 'sync-slots'), sk: `slot#${slot}` });
/** How many mailboxes a Space has (kept in the same transaction as each create and delete). */
export const mailboxCountKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'mailbox-count' });
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
/** Companies by their website's domain: not unique (one item per company), oldest company first. */
export const companyWebsiteKey = (s: SpaceId, domain: string, companyId: string): Key => ({ pk: part(s, 'company-website', domain), sk: `company#${companyId}` });
/** Marks a Space whose companies saved before the website index existed have been indexed (website-index-backfill.ts). */
export const websiteIndexBackfillKey = (s: SpaceId): Key => ({ pk: part(s, 'website-index'), sk: 'backfill#v1' });
/** Which contact is the company's primary one (one item per company: put with attribute_not_exists or the same contact). */
export const companyPrimaryContactKey = (s: SpaceId, companyId: string): Key => ({ pk: part(s, 'company', companyId), sk: 'primary-contact' });
/** Companies in name order (GSI1). */
export const companyListPartition = (s: SpaceId, bucket: 'live' | 'archived'): string => part(s, 'companies', bucket);

export const productKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'product', id), sk: 'product' });
export const productSkuKey = (s: SpaceId, sku: string): Key => ({ pk: part(s, 'product-sku', sku.toUpperCase()), sk: 'product-sku' });
/** All products by sku (GSI1) and the active ones by sku (GSI2). */
export const productListPartition = (s: SpaceId, which: 'all' | 'active'): string => part(s, 'products', which);

/** A merge job and its steps, so a rerun after a crash finishes the same work. */
export const mergeJobKey = (s: SpaceId, entity: string, jobId: string): Key => ({ pk: part(s, 'merge', entity, jobId), sk: 'job' });

// Mail (threads helper): messages keyed by their identity, threads, activity and address indexes.
/** One message item per Space + message identity (never the UID or SQS id). */
export const messageKey = (s: SpaceId, messageId: string): Key => ({ pk: part(s, 'message', messageId), sk: 'message' });
/** Which content holds a message identity; written before anything is linked under the id. */
export const messageClaimKey = (s: SpaceId, messageId: string): Key => ({ pk: part(s, 'message', messageId), sk: 'claim' });
/** A thread's message list entry, in the thread's partition, oldest first (summary fields only). */
export const threadMemberKey = (s: SpaceId, threadId: string, date: string, messageId: string): Key =>
  ({ pk: part(s, 'thread', threadId), sk: `msg#${date}#${messageId}` });
export const threadKey = (s: SpaceId, threadId: string): Key => ({ pk: part(s, 'thread', threadId), sk: 'thread' });
/** Threads of a Space by normalized subject (its sha256), latest first (GSI2 on the thread item). */
export const threadSubjectIndex = (s: SpaceId, subjectHash: string, lastMessageAt: string, threadId: string) =>
  ({ gsi2pk: part(s, 'thread-subject', subjectHash), gsi2sk: `${lastMessageAt}#${threadId}` });
/** All threads of a Space by latest message (GSI1 on the thread item). */
export const threadsIndex = (s: SpaceId, lastMessageAt: string, threadId: string) =>
  ({ gsi1pk: part(s, 'threads'), gsi1sk: `${lastMessageAt}#${threadId}` });
/** One activity entry per message on a contact's or company's timeline, sorted by date. */
export const activityKey = (s: SpaceId, owner: 'contact' | 'company', ownerId: string, date: string, messageId: string): Key =>
  ({ pk: part(s, owner, ownerId, 'activity'), sk: `${date}#${messageId}` });
export const activityPartition = (s: SpaceId, owner: 'contact' | 'company', ownerId: string): string =>
  part(s, owner, ownerId, 'activity');
/** A mail the rules did not import, filed under the rule that kept it out (skipped-mail.ts). */
export const skippedMailKey = (s: SpaceId, reason: string, id: string): Key => ({ pk: part(s, 'skipped', reason), sk: id });
/** Which messages an address appeared on, so a contact created later gets its history (relink). */
export const addressMessageKey = (s: SpaceId, email: string, date: string, messageId: string): Key =>
  ({ pk: part(s, 'addr', email.toLowerCase()), sk: `msg#${date}#${messageId}` });
export const addressPartition = (s: SpaceId, email: string): string => part(s, 'addr', email.toLowerCase());

// Orders (issue 5): one partition per order; the message claim makes "one order per message" a
// conditional write; Stripe event markers dedupe webhook deliveries (TTL ≥ 30 days).
export const orderKey = (s: SpaceId, orderId: string): Key => ({ pk: part(s, 'order', orderId), sk: 'order' });
/** Which order a message became (written with the order, attribute_not_exists or same order). */
export const orderMessageKey = (s: SpaceId, messageId: string): Key => ({ pk: part(s, 'order-message', messageId), sk: 'order-message' });
/** All orders of a Space, newest first (GSI1 on the order item). */
export const ordersIndex = (s: SpaceId, createdAt: string, orderId: string) =>
  ({ gsi1pk: part(s, 'orders'), gsi1sk: `${createdAt}#${orderId}` });
/** Orders of a Space in one status, newest first (GSI2 on the order item; moves with the status). */
export const ordersByStatusIndex = (s: SpaceId, status: string, createdAt: string, orderId: string) =>
  ({ gsi2pk: part(s, 'orders', status), gsi2sk: `${createdAt}#${orderId}` });
/** A processed Stripe event (dedupe marker). */
export const stripeEventKey = (s: SpaceId, eventId: string): Key => ({ pk: spacePrefix(s), sk: `stripe-event#${eventId}` });
/** Which order a Stripe PaymentIntent paid (written with the paid transition). */
export const paymentIntentKey = (s: SpaceId, paymentIntentId: string): Key => ({ pk: part(s, 'payment-intent', paymentIntentId), sk: 'payment-intent' });
/** One mail we sent for an order, by its Message-ID (our reply token; lower case). */
export const orderMailKey = (s: SpaceId, messageId: string): Key => ({ pk: part(s, 'order-mail', messageId.toLowerCase()), sk: 'order-mail' });
/** The same mail by the provider's id (SES replaces our Message-ID with `<id@…amazonses.com>`; its notifications name the id). */
export const orderMailProviderKey = (s: SpaceId, providerId: string): Key => ({ pk: part(s, 'order-mail-provider', providerId.toLowerCase()), sk: 'order-mail' });
/** Which order a subject tag code names (the code is an HMAC of Space and order, so it is unique in practice). */
export const orderTagKey = (s: SpaceId, code: string): Key => ({ pk: part(s, 'order-tag', code.toUpperCase()), sk: 'order-tag' });
/** A contact's membership item in its company's partition: lists a company's contacts, moves on merge. */
export const companyMemberKey = (s: SpaceId, companyId: string, contactId: string): Key =>
  ({ pk: part(s, 'company', companyId), sk: `contact#${contactId}` });
/**
 * Generic "follows the record on merge" hook: any item whose gsi2pk is this partition is moved to
 * the master by a merge (gsi2pk rewritten, `<entity>Id` set to the master).
 */
export const relatedPartition = (s: SpaceId, entity: 'contact' | 'company', id: string): string => part(s, `${entity}-related`, id);

// Custom fields (issue 14): a Space's definitions share one small partition (at most a few hundred
// items: ids, key reservations, per-entity counts); filter index entries live in one partition per
// field, sorted by encoded value, and are found per record through GSI2 (merges move them).
export const fieldDefinitionsPartition = (s: SpaceId): string => part(s, 'custom-fields');
export const fieldDefinitionKey = (s: SpaceId, fieldId: string): Key => ({ pk: fieldDefinitionsPartition(s), sk: `field#${fieldId}` });
/** Reserves a key among the active fields of an entity (attribute_not_exists). */
export const fieldKeyReservationKey = (s: SpaceId, entity: string, key: string): Key =>
  ({ pk: fieldDefinitionsPartition(s), sk: `field-key#${entity}#${key}` });
/** Counts of active and filterable fields of an entity, bounded by a conditional ADD. */
export const fieldCountKey = (s: SpaceId, entity: string): Key => ({ pk: fieldDefinitionsPartition(s), sk: `field-count#${entity}` });
export const fieldIndexPartition = (s: SpaceId, fieldId: string): string => part(s, 'field', fieldId);
export const fieldIndexKey = (s: SpaceId, fieldId: string, enc: string, recordId: string): Key =>
  ({ pk: fieldIndexPartition(s, fieldId), sk: `${enc}#${recordId}` });
/** A record's index entries (GSI2), for the merge mover. */
export const fieldOwnerPartition = (s: SpaceId, entity: string, recordId: string): string => part(s, 'field-owner', entity, recordId);
export const fieldOwnerIndex = (s: SpaceId, entity: string, recordId: string, fieldId: string, enc: string) =>
  ({ gsi2pk: fieldOwnerPartition(s, entity, recordId), gsi2sk: `${fieldId}#${enc}` });

// Assistant (issue 14): a Space's opt-in and cap, and its token meter per UTC month.
export const assistantSettingsKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#assistant' });
export const assistantUsageKey = (s: SpaceId, month: string): Key => ({ pk: spacePrefix(s), sk: `assistant-usage#${month}` });

// Inbox (issue 13): facet partitions list threads newest first; counters and search tokens beside them.
/** A thread listed under one inbox facet (`all`, `unread`, `assignee#U`, `contact#C`...): sk = `<lastMessageAt>#<threadId>`. */
export const inboxFacetKey = (s: SpaceId, facet: string, lastMessageAt: string, threadId: string): Key =>
  ({ pk: inboxFacetPartition(s, facet), sk: `${lastMessageAt}#${threadId}` });
export const inboxFacetPartition = (s: SpaceId, facet: string): string => part(s, 'inbox', facet);
/** What a thread is listed under in the inbox (its index bookkeeping), beside the thread item and in no GSI. */
export const threadInboxKey = (s: SpaceId, threadId: string): Key => ({ pk: threadKey(s, threadId).pk, sk: 'inbox' });
/** The thread counts of every counted facet of a Space, one attribute each on one small item. */
export const inboxCountsKey = (s: SpaceId): Key => ({ pk: part(s, 'inbox-counts'), sk: 'counts' });
/** Thread search token items, sharded by the token's first character: sk = `<token>#<threadId>`. */
export const inboxTokenKey = (s: SpaceId, token: string, threadId: string): Key =>
  ({ pk: inboxTokenPartition(s, token), sk: `${token}#${threadId}` });
export const inboxTokenPartition = (s: SpaceId, token: string): string => part(s, 'itok', [...token][0] ?? '_');

// ── Customer workspace (issue 14): logged activities, the unified timeline, calendars ───────────
/** A logged activity (meeting, call, visit, note, task, email logged by hand). */
export const loggedActivityKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'logged-activity', id), sk: 'activity' });
/**
 * One line of a contact's or company's timeline that is not a synced mail, in the same partition
 * as the mail entries (activityPartition): `ref` is `act#<id>` or `ord#<id>`, so every kind sorts
 * by its time in one Query.
 */
export const timelineKey = (s: SpaceId, owner: 'contact' | 'company', ownerId: string, at: string, ref: string): Key =>
  ({ pk: activityPartition(s, owner, ownerId), sk: `${at}#${ref}` });
/** A staff user's meetings and tasks by start time (the calendar feed reads it). */
export const staffCalendarKey = (s: SpaceId, userId: string, at: string, activityId: string): Key =>
  ({ pk: part(s, 'staff-calendar', userId), sk: `${at}#${activityId}` });
export const staffCalendarPartition = (s: SpaceId, userId: string): string => part(s, 'staff-calendar', userId);
/** A staff user's open (or done) to-dos and appointments by due time or start: `GET /todos`. */
export const todoListPartition = (s: SpaceId, state: 'open' | 'done', userId: string): string => part(s, 'todos', state, userId);
export const todoListKey = (s: SpaceId, state: 'open' | 'done', userId: string, at: string, activityId: string): Key =>
  ({ pk: todoListPartition(s, state, userId), sk: `${at}#${activityId}` });
/** A thread's open (or done) to-dos and appointments by due time or start: `GET /threads/{id}/todos`. */
export const threadTodoPartition = (s: SpaceId, state: 'open' | 'done', threadId: string): string => part(s, 'thread-todos', state, threadId);
export const threadTodoKey = (s: SpaceId, state: 'open' | 'done', threadId: string, at: string, activityId: string): Key =>
  ({ pk: threadTodoPartition(s, state, threadId), sk: `${at}#${activityId}` });
/** Orders of a contact / company, newest first: GSI2 of the order's timeline entry (follows merges). */
export const customerOrderIndex = (s: SpaceId, owner: 'contact' | 'company', ownerId: string, createdAt: string, orderId: string) =>
  ({ gsi2pk: relatedPartition(s, owner, ownerId), gsi2sk: `order#${createdAt}#${orderId}` });
/** An opportunity (sk `opportunity`) and its contact links (sk `contact#<id>`) in one partition. */
export const opportunityPartition = (s: SpaceId, id: string): string => part(s, 'opportunity', id);
export const opportunityKey = (s: SpaceId, id: string): Key => ({ pk: opportunityPartition(s, id), sk: 'opportunity' });
export const opportunityContactKey = (s: SpaceId, id: string, contactId: string): Key => ({ pk: opportunityPartition(s, id), sk: `contact#${contactId}` });
/** Opportunities in one stage by expected close date (GSI1 on the opportunity item). */
export const opportunityStageIndex = (s: SpaceId, stageId: string, expectedCloseDate: string | undefined, id: string) =>
  ({ gsi1pk: part(s, 'opportunities', 'stage', stageId), gsi1sk: `${expectedCloseDate ?? 'undated'}#${id}` });
/** A company's opportunities (GSI2 on the opportunity item), a contact's (GSI2 on the link item); both follow merges. */
export const customerOpportunityIndex = (s: SpaceId, owner: 'contact' | 'company', ownerId: string, createdAt: string, id: string) =>
  ({ gsi2pk: relatedPartition(s, owner, ownerId), gsi2sk: `opportunity#${createdAt}#${id}` });
export const opportunityStagesKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#opportunity-stages' });
/** A comment on a contact, company or opportunity. */
export const commentKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'comment', id), sk: 'comment' });
/**
 * Comments of their target, newest first (GSI2 on the comment): the generic merge partition for
 * contacts and companies (so merges move them), the opportunity's own for opportunities.
 */
export const commentTargetIndex = (s: SpaceId, kind: 'contact' | 'company' | 'opportunity', id: string, createdAt: string, commentId: string) =>
  ({ gsi2pk: kind === 'opportunity' ? part(s, 'opportunity-related', id) : relatedPartition(s, kind, id), gsi2sk: `comment#${createdAt}#${commentId}` });
/** A staff user's mentions, newest first. */
export const mentionKey = (s: SpaceId, userId: string, createdAt: string, commentId: string): Key =>
  ({ pk: part(s, 'mentions', userId), sk: `${createdAt}#${commentId}` });
export const mentionPartition = (s: SpaceId, userId: string): string => part(s, 'mentions', userId);
/** A calendar feed token, by the sha256 of its secret (the token itself is never stored). */
export const calendarFeedKey = (s: SpaceId, secretHash: string): Key => ({ pk: part(s, 'calendar-feed', secretHash), sk: 'feed' });
/** Which feed token a staff user holds now (one per user; rotating replaces it). */
export const calendarFeedOwnerKey = (s: SpaceId, userId: string): Key => ({ pk: spacePrefix(s), sk: `calendar-feed#${userId}` });
/** A proposed merge; listed per status, newest first (GSI1, moves with the status). */
export const mergeRequestKey = (s: SpaceId, id: string): Key => ({ pk: part(s, 'merge-request', id), sk: 'merge-request' });
export const mergeRequestStatusIndex = (s: SpaceId, status: string, createdAt: string, id: string) =>
  ({ gsi1pk: part(s, 'merge-requests', status), gsi1sk: `${createdAt}#${id}` });

// ── Customer views and health (issue 14): aggregates kept on write ─────────────────────────────
/** A contact's or company's aggregates (stat cards, health) and, in the same partition, the ids of events folded in. */
export const customerStatsPartition = (s: SpaceId, owner: 'contact' | 'company' | 'space', ownerId: string): string => part(s, 'stats', owner, ownerId);
export const customerStatsKey = (s: SpaceId, owner: 'contact' | 'company' | 'space', ownerId: string): Key =>
  ({ pk: customerStatsPartition(s, owner, ownerId), sk: 'stats' });
/** Marker of one event folded into an owner's aggregates (conditional put = counted once; TTL). */
export const statsEventKey = (s: SpaceId, owner: 'contact' | 'company' | 'space', ownerId: string, eventId: string): Key =>
  ({ pk: customerStatsPartition(s, owner, ownerId), sk: `event#${eventId}` });

// Customer views (issue 14): one partition per facet (`all`, `tag#vip`, `segment#active`...) listing
// live companies (the kind is in the key so contacts can follow) by last-activity day, newest first; beside each record, the view it is
// listed under now. Rewritten when a record's facets or activity day change, at most daily per record.
export const customerViewPartition = (s: SpaceId, kind: 'contact' | 'company', facet: string): string => part(s, `${kind}-view`, facet);
export const customerViewKey = (s: SpaceId, kind: 'contact' | 'company', facet: string, day: string, id: string): Key =>
  ({ pk: customerViewPartition(s, kind, facet), sk: `${day}#${id}` });
/** The view a record is listed under, in the record's own partition (read with it in one BatchGet). */
export const customerViewStateKey = (s: SpaceId, kind: 'contact' | 'company', id: string): Key =>
  ({ pk: (kind === 'company' ? companyKey : contactKey)(s, id).pk, sk: 'view' });

// Contact capture: one item per proposed address (id derived from Space and address); the pending
// ones also sit in a sparse GSI2 partition, newest first, left when the capture is decided.
export const captureKey = (s: SpaceId, captureId: string): Key => ({ pk: part(s, 'capture', captureId), sk: 'capture' });
export const pendingCaptureIndex = (s: SpaceId, capturedAt: string, captureId: string) =>
  ({ gsi2pk: part(s, 'captures', 'pending'), gsi2sk: `${capturedAt}#${captureId}` });

/** A mail-rules job (blocklist re-apply): progress, cursor and counts of one walk over the Space's threads. */
export const rulesJobKey = (s: SpaceId, jobId: string): Key => ({ pk: part(s, 'rules-job', jobId), sk: 'job' });

// SMS (docs/inbox.md, "SMS").
/** A Space's SMS settings: its number and HELP text (Space partition). */
export const smsSettingsKey = (s: SpaceId): Key => ({ pk: spacePrefix(s), sk: 'settings#sms' });
/** Which Space an SMS number belongs to, for inbound SMS (GSI1; the gsi1sk names the Space). */
export const smsNumberIndex = (s: SpaceId, phoneNumber: string) => ({ gsi1pk: `sms-number#${phoneNumber}`, gsi1sk: spacePrefix(s) });
/**
 * The one claim on an SMS number across Spaces (holder in `spaceId`): written in the transaction
 * that saves the Space's settings, so two Spaces saving one number cannot both win.
 */
export const smsNumberClaimKey = (phoneNumber: string): Key => ({ pk: `sms-number#${phoneNumber}`, sk: 'claim' });
/** A customer number's opt-out state in one Space. */
export const smsOptOutKey = (s: SpaceId, phoneNumber: string): Key => ({ pk: spacePrefix(s), sk: `sms-opt-out#${phoneNumber}` });
