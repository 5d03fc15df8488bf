import type { Contract } from '../contract.js';
import { assistant } from './assistant.js';
import { audit } from './audit.js';
import { calendar } from './calendar.js';
import { captures } from './captures.js';
import { comments } from './comments.js';
import { companies } from './companies.js';
import { contacts } from './contacts.js';
import { customFields } from './custom-fields.js';
import { inbox } from './inbox.js';
import { links } from './links.js';
import { customerOrders } from './customer-orders.js';
import { customerStats } from './customer-stats.js';
import { mail } from './mail.js';
import { mailboxes } from './mailboxes.js';
import { mailboxOAuth } from './mailbox-oauth.js';
import { mailboxPreview } from './mailbox-preview.js';
import { mergeRequests } from './merge-requests.js';
import { opportunities } from './opportunities.js';
import { orders } from './orders.js';
import { products } from './products.js';
import { replies } from './replies.js';
import { settings } from './settings.js';
import { staff } from './staff.js';
import { system } from './system.js';
import { workspace } from './workspace.js';

/** Every operation of the HTTP API; each area file exports an array of its contracts. */
export const CONTRACTS: readonly Contract[] = [...system, ...contacts, ...companies, ...products, ...audit, ...staff, ...settings, ...customFields, ...mailboxes, ...mailboxOAuth, ...mail, ...orders, ...assistant, ...inbox, ...customerOrders, ...workspace, ...opportunities, ...comments, ...calendar, ...mergeRequests, ...customerStats, ...replies, ...captures, ...links, ...mailboxPreview];
